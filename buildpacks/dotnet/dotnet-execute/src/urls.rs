//! `ASPNETCORE_URLS` at launch, shared by the buildpack's tests and its exec.d program.

/// `None` when the user set it; else `http://0.0.0.0:<PORT or 8080>`.
pub(crate) fn aspnetcore_urls(set: Option<&str>, port: Option<&str>) -> Option<String> {
    if set.is_some_and(|value| !value.is_empty()) {
        return None;
    }
    let port = port
        .and_then(|port| port.trim().parse::<u16>().ok())
        .unwrap_or(8080);
    Some(format!("http://0.0.0.0:{port}"))
}

#[cfg(test)]
mod tests {
    use super::aspnetcore_urls;

    #[test]
    fn port_or_8080_unless_set() {
        assert_eq!(
            aspnetcore_urls(None, Some("3000")).as_deref(),
            Some("http://0.0.0.0:3000")
        );
        assert_eq!(
            aspnetcore_urls(None, Some("x")).as_deref(),
            Some("http://0.0.0.0:8080")
        );
        assert_eq!(
            aspnetcore_urls(Some(""), None).as_deref(),
            Some("http://0.0.0.0:8080")
        );
        assert_eq!(aspnetcore_urls(Some("http://+:5000"), Some("3000")), None);
    }
}
