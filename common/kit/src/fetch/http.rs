//! One attempt at an http(s) download: redirects followed by hand, so the proxy and the TLS
//! roots are chosen for each host on the way.

use super::errors::{Context, invalid_proxy, refused, tls_failed, unsupported_uri};
use super::options::FetchOptions;
use super::retry::{Failure, parse_retry_after, retryable_status};
use super::sink::Sink;
use super::uri::{Parts, redact, resolve};
use std::io::{ErrorKind, Read};
use std::time::Duration;
use ureq::http::{Response, StatusCode};
use ureq::tls::{RootCerts, TlsConfig};
use ureq::{Agent, Body, Proxy};

const MAX_REDIRECTS: usize = 10;
const USER_AGENT: &str = concat!("stowage/", env!("CARGO_PKG_VERSION"));

pub(crate) struct Client<'a> {
    options: &'a FetchOptions,
    context: &'a Context,
    roots: Vec<RootCerts>,
    extra_certificates: usize,
}

impl<'a> Client<'a> {
    pub(super) fn new(options: &'a FetchOptions, context: &'a Context) -> Self {
        let extra = options.trust.load();
        Self {
            options,
            context,
            roots: extra.root_sets(),
            extra_certificates: extra.certificates.len(),
        }
    }

    pub(super) fn attempt(&self, uri: &str, sink: &mut Sink<'_>) -> Result<(), Failure> {
        let mut current = uri.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let response = self.call(&current, sink)?;
            let status = response.status();
            sink.progress.debug(&format!(
                "{} answered {}",
                redact(&current),
                describe(status)
            ));
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|value| value.to_str().ok())
            };
            match status.as_u16() {
                200..=299 => return self.stream(response, sink),
                301 | 302 | 303 | 307 | 308 => {
                    let next = header("location").and_then(|location| resolve(&current, location));
                    current = next
                        .filter(|next| {
                            Parts::parse(next).is_some_and(|p| p.is("https") || p.is("http"))
                        })
                        .ok_or_else(|| {
                            Failure::GiveUp(format!(
                                "{} without a usable Location",
                                describe(status)
                            ))
                        })?;
                    sink.progress
                        .debug(&format!("Following the redirect to {}", redact(&current)));
                }
                code if retryable_status(code) => {
                    return Err(Failure::Retry {
                        reason: describe(status),
                        retry_after: header("retry-after").and_then(parse_retry_after),
                    });
                }
                _ => return Err(Failure::Stop(refused(self.context, &describe(status)))),
            }
        }
        Err(Failure::GiveUp(format!(
            "more than {MAX_REDIRECTS} redirects"
        )))
    }

    /// Sends the request, trying each root set while the server's certificate is not trusted.
    fn call(&self, uri: &str, sink: &mut Sink<'_>) -> Result<Response<Body>, Failure> {
        let parts = Parts::parse(uri).ok_or_else(|| {
            Failure::Stop(unsupported_uri(self.context, "it is not an absolute URI"))
        })?;
        let setting = self
            .options
            .proxy
            .for_url(parts.scheme, parts.host(), parts.port());
        sink.progress.debug(&match setting {
            Some(setting) => format!(
                "Connecting to {} through the proxy {} (from {})",
                parts.host(),
                redact(&setting.value),
                setting.variable
            ),
            None => format!("Connecting to {} directly, without a proxy", parts.host()),
        });
        let proxy = match setting {
            Some(setting) => Some(Proxy::new(&setting.value).map_err(|_| {
                Failure::Stop(invalid_proxy(
                    self.context,
                    &setting.variable,
                    &setting.value,
                ))
            })?),
            None => None,
        };
        let mut untrusted = String::new();
        for roots in &self.roots {
            match self.agent(roots.clone(), proxy.clone()).get(uri).call() {
                Ok(response) => return Ok(response),
                Err(error) => match classify(error) {
                    Trouble::Certificate(cause) => {
                        sink.progress.debug(&format!(
                            "The server's certificate is not trusted by this set of roots: {cause}"
                        ));
                        untrusted = cause;
                    }
                    Trouble::Transient(reason) => return Err(Failure::retry(reason)),
                    Trouble::Permanent(reason) => return Err(Failure::GiveUp(reason)),
                },
            }
        }
        Err(Failure::Stop(tls_failed(
            self.context,
            &untrusted,
            self.extra_certificates,
        )))
    }

    fn agent(&self, roots: RootCerts, proxy: Option<Proxy>) -> Agent {
        Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_resolve(Some(self.options.connect_timeout))
            .timeout_connect(Some(self.options.connect_timeout))
            .timeout_per_read(Some(self.options.read_timeout))
            .proxy(proxy)
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            .user_agent(USER_AGENT)
            .build()
            .into()
    }

    fn stream(&self, response: Response<Body>, sink: &mut Sink<'_>) -> Result<(), Failure> {
        let total = response.body().content_length();
        sink.restart(total).map_err(Failure::Stop)?;
        let mut reader = response.into_body().into_reader();
        let mut buffer = vec![0; 64 * 1024];
        loop {
            match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => sink.write(&buffer[..read]).map_err(Failure::Stop)?,
                Err(error) if error.kind() == ErrorKind::Interrupted => {}
                Err(error) => {
                    let reason = match ureq::Error::from(error) {
                        ureq::Error::Timeout(_) => {
                            format!("no data for {}", seconds(self.options.read_timeout))
                        }
                        other => format!(
                            "the connection broke after {} bytes ({other})",
                            sink.bytes()
                        ),
                    };
                    return Err(Failure::retry(reason));
                }
            }
        }
        match total {
            Some(total) if sink.bytes() != total => Err(Failure::retry(format!(
                "the body was cut short at {} of {total} bytes",
                sink.bytes()
            ))),
            _ => Ok(()),
        }
    }
}

enum Trouble {
    /// The server's certificate is not trusted by the roots tried.
    Certificate(String),
    Transient(String),
    Permanent(String),
}

fn classify(error: ureq::Error) -> Trouble {
    // rustls reports handshake failures as `InvalidData` I/O errors; only the text says which.
    let certificate = |text: String| {
        if text.contains("certificate") {
            Trouble::Certificate(text)
        } else {
            Trouble::Transient(text)
        }
    };
    match error {
        ureq::Error::Io(error) if error.kind() == ErrorKind::InvalidData => {
            certificate(error.to_string())
        }
        ureq::Error::Rustls(_) | ureq::Error::Tls(_) => certificate(error.to_string()),
        ureq::Error::Io(_)
        | ureq::Error::Timeout(_)
        | ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::ConnectProxyFailed(_)
        | ureq::Error::Protocol(_)
        | ureq::Error::BodyStalled => Trouble::Transient(error.to_string()),
        other => Trouble::Permanent(other.to_string()),
    }
}

fn describe(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

/// `10ms`, `2s`, `1.5s`: short, for retry messages.
pub(crate) fn seconds(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1000 {
        format!("{millis}ms")
    } else if millis.is_multiple_of(1000) {
        format!("{}s", millis / 1000)
    } else {
        format!("{:.1}s", duration.as_secs_f64())
    }
}
