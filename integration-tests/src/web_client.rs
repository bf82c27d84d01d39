//! Requests to a started web server as the web-server tests make them: with or without basic
//! auth credentials, any status kept as an answer.

use std::io::Read;
use std::time::Duration;

/// `user:open sesame`, hashed by `openssl passwd -apr1`: the `.htpasswd` of a test binding.
pub const HTPASSWD: &str = "user:$apr1$stowage2$D06O4hH1MK7RsXSZDu/y..\n";
/// `Basic base64("user:open sesame")`.
pub const CREDENTIALS: &str = "Basic dXNlcjpvcGVuIHNlc2FtZQ==";

/// `GET http://127.0.0.1:<port><path>` with an optional `Authorization` header: status, body
/// and the value of `header` if asked for.
///
/// # Panics
/// When the server does not answer.
#[must_use]
pub fn get_with_header(
    port: u16,
    path: &str,
    authorization: Option<&str>,
    header: &str,
) -> (u16, String, Option<String>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent.get(format!("http://127.0.0.1:{port}{path}"));
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    let mut response = request.call().expect("request");
    let value = response
        .headers()
        .get(header)
        .and_then(|value| value.to_str().ok())
        .map(String::from);
    let mut body = String::new();
    response
        .body_mut()
        .as_reader()
        .read_to_string(&mut body)
        .expect("body");
    (response.status().as_u16(), body, value)
}

/// [`get_with_header`] without a header: status and body.
#[must_use]
pub fn get(port: u16, path: &str, authorization: Option<&str>) -> (u16, String) {
    let (status, body, _) = get_with_header(port, path, authorization, "X-Unused");
    (status, body)
}
