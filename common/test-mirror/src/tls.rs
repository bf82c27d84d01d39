//! The mirror's HTTPS mode: a throwaway CA, made per mirror, signs a certificate for
//! `127.0.0.1`; clients trust the mirror only when given the CA (as a corporate CA reaches
//! them through `SSL_CERT_DIR`).

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

/// The server side of TLS: the config every connection uses and the CA's certificate.
pub(crate) struct Tls {
    pub config: Arc<ServerConfig>,
    pub ca_pem: String,
}

impl Tls {
    pub(crate) fn new() -> Self {
        let ca_key = KeyPair::generate().expect("CA key");
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca.distinguished_name
            .push(DnType::CommonName, "stowage test mirror CA");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign];
        let ca_pem = ca.self_signed(&ca_key).expect("CA certificate").pem();
        let issuer = Issuer::new(ca, ca_key);

        let key = KeyPair::generate().expect("server key");
        let mut server = CertificateParams::new(vec!["127.0.0.1".to_string()]).expect("params");
        server
            .distinguished_name
            .push(DnType::CommonName, "127.0.0.1");
        let certificate = server.signed_by(&key, &issuer).expect("server certificate");

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![certificate.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .expect("TLS config");
        Self {
            config: Arc::new(config),
            ca_pem,
        }
    }
}

/// One accepted connection, plain or TLS.
pub(crate) enum Conn {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

impl Conn {
    pub(crate) fn new(stream: TcpStream, tls: Option<&Tls>) -> io::Result<Self> {
        Ok(match tls {
            None => Conn::Plain(stream),
            Some(tls) => {
                let session =
                    ServerConnection::new(Arc::clone(&tls.config)).map_err(io::Error::other)?;
                Conn::Tls(Box::new(StreamOwned::new(session, stream)))
            }
        })
    }

    /// The TCP socket under it, for timeouts, linger and shutdown.
    pub(crate) fn tcp(&self) -> &TcpStream {
        match self {
            Conn::Plain(stream) => stream,
            Conn::Tls(stream) => stream.get_ref(),
        }
    }

    /// Ends a TLS session cleanly before the socket closes.
    pub(crate) fn close_notify(&mut self) {
        if let Conn::Tls(stream) = self {
            stream.conn.send_close_notify();
            let _ = stream.flush();
        }
    }
}

impl Read for Conn {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(stream) => stream.read(buffer),
            Conn::Tls(stream) => stream.read(buffer),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(stream) => stream.write(buffer),
            Conn::Tls(stream) => stream.write(buffer),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Conn::Plain(stream) => stream.flush(),
            Conn::Tls(stream) => stream.flush(),
        }
    }
}
