//! Which proxy a URL goes through. ureq 3.5 reads `ALL_PROXY`, `HTTPS_PROXY` and `HTTP_PROXY` in
//! that order for every URL, whatever its scheme, and its `NO_PROXY` entries neither match
//! subdomains of a bare domain, nor trim spaces, nor know ports or CIDR ranges. So the choice is
//! made here, per URL, with the rules Go (and so Paketo) applies, and ureq gets it explicitly.

use std::net::IpAddr;

/// A proxy setting and the variable it came from, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxySetting {
    pub variable: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProxyEnv {
    pub http: Option<ProxySetting>,
    pub https: Option<ProxySetting>,
    /// curl's fallback for both schemes.
    pub all: Option<ProxySetting>,
    pub no_proxy: NoProxy,
}

impl ProxyEnv {
    /// Upper-case names first, as Go does; empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let setting = |name: &str| {
            [name.to_ascii_uppercase(), name.to_string()]
                .into_iter()
                .find_map(|variable| {
                    let value = lookup(&variable)?.trim().to_string();
                    (!value.is_empty()).then_some(ProxySetting { variable, value })
                })
        };
        Self {
            http: setting("http_proxy"),
            https: setting("https_proxy"),
            all: setting("all_proxy"),
            no_proxy: NoProxy::parse(
                &setting("no_proxy")
                    .map(|setting| setting.value)
                    .unwrap_or_default(),
            ),
        }
    }

    /// The proxy for a URL, or `None` to connect directly. Loopback is always direct.
    #[must_use]
    pub fn for_url(&self, scheme: &str, host: &str, port: Option<u16>) -> Option<&ProxySetting> {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if is_loopback(host) || self.no_proxy.matches(host, port) {
            return None;
        }
        let specific = if scheme.eq_ignore_ascii_case("https") {
            self.https.as_ref()
        } else {
            self.http.as_ref()
        };
        specific.or(self.all.as_ref())
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `NO_PROXY`: comma-separated hosts, `.domain` / `*.domain` suffixes, IPs, CIDR ranges,
/// each optionally with `:port`, or `*` for everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoProxy {
    entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    All,
    Ip(IpAddr, Option<u16>),
    Range(IpAddr, u8),
    /// `domain` without a leading dot; `exact` also matches the domain itself.
    Domain {
        domain: String,
        exact: bool,
        port: Option<u16>,
    },
}

impl NoProxy {
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let entries = text
            .split([',', ' '])
            .map(|entry| entry.trim().to_ascii_lowercase())
            .filter(|entry| !entry.is_empty())
            .filter_map(|entry| Entry::parse(&entry))
            .collect();
        Self { entries }
    }

    #[must_use]
    pub fn matches(&self, host: &str, port: Option<u16>) -> bool {
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let ip = host.parse::<IpAddr>().ok();
        self.entries.iter().any(|entry| match entry {
            Entry::All => true,
            Entry::Ip(expected, wanted) => ip == Some(*expected) && port_ok(*wanted, port),
            Entry::Range(network, bits) => ip.is_some_and(|ip| in_range(ip, *network, *bits)),
            Entry::Domain {
                domain,
                exact,
                port: wanted,
            } => {
                let suffix = host
                    .strip_suffix(domain.as_str())
                    .is_some_and(|rest| rest.ends_with('.'));
                (suffix || (*exact && host == *domain)) && port_ok(*wanted, port)
            }
        })
    }
}

fn port_ok(wanted: Option<u16>, port: Option<u16>) -> bool {
    wanted.is_none() || wanted == port
}

impl Entry {
    fn parse(entry: &str) -> Option<Self> {
        if entry == "*" {
            return Some(Self::All);
        }
        if let Some((network, bits)) = entry.split_once('/') {
            let network: IpAddr = network.parse().ok()?;
            let bits: u8 = bits.parse().ok()?;
            let max = if network.is_ipv4() { 32 } else { 128 };
            return (bits <= max).then_some(Self::Range(network, bits));
        }
        if let Ok(ip) = entry.trim_start_matches('[').trim_end_matches(']').parse() {
            return Some(Self::Ip(ip, None));
        }
        if let Ok(address) = entry.parse::<std::net::SocketAddr>() {
            return Some(Self::Ip(address.ip(), Some(address.port())));
        }
        let (host, port) = match entry.rsplit_once(':') {
            Some((host, port)) => (host, Some(port.parse().ok()?)),
            None => (entry, None),
        };
        if let Ok(ip) = host.parse() {
            return Some(Self::Ip(ip, port));
        }
        let host = host.strip_prefix('*').unwrap_or(host);
        let exact = !host.starts_with('.');
        let domain = host
            .trim_start_matches('.')
            .trim_end_matches('.')
            .to_string();
        (!domain.is_empty()).then_some(Self::Domain {
            domain,
            exact,
            port,
        })
    }
}

fn in_range(ip: IpAddr, network: IpAddr, bits: u8) -> bool {
    match (ip, network) {
        (IpAddr::V4(ip), IpAddr::V4(network)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(network) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(network)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(network) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> ProxyEnv {
        ProxyEnv::from_lookup(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_string())
        })
    }

    #[test]
    fn bare_domains_match_themselves_and_subdomains() {
        let no_proxy = NoProxy::parse("example.com, .internal.corp,*.dev.corp ,other.org:8080");
        assert!(no_proxy.matches("example.com", None));
        assert!(no_proxy.matches("a.b.example.com", Some(443)));
        assert!(no_proxy.matches("EXAMPLE.COM.", None));
        assert!(!no_proxy.matches("notexample.com", None));
        assert!(no_proxy.matches("x.internal.corp", None));
        assert!(
            !no_proxy.matches("internal.corp", None),
            "a leading dot means subdomains only"
        );
        assert!(no_proxy.matches("x.dev.corp", None));
        assert!(!no_proxy.matches("dev.corp", None));
        assert!(no_proxy.matches("other.org", Some(8080)));
        assert!(!no_proxy.matches("other.org", Some(443)));
    }

    #[test]
    fn ips_ranges_and_star() {
        let no_proxy = NoProxy::parse("10.0.0.0/8,192.168.1.5,[fd00::1]:8443,fd12::/16");
        assert!(no_proxy.matches("10.20.30.40", None));
        assert!(!no_proxy.matches("11.0.0.1", None));
        assert!(no_proxy.matches("192.168.1.5", Some(80)));
        assert!(!no_proxy.matches("192.168.1.6", None));
        assert!(no_proxy.matches("[fd00::1]", Some(8443)));
        assert!(!no_proxy.matches("[fd00::1]", Some(443)));
        assert!(no_proxy.matches("fd12:3::9", None));
        assert!(!no_proxy.matches("example.com", None));
        assert!(NoProxy::parse("*").matches("anything", None));
        assert!(!NoProxy::parse("").matches("anything", None));
    }

    #[test]
    fn picks_the_variable_for_the_scheme() {
        let proxies = env(&[
            ("HTTPS_PROXY", "http://secure:3128"),
            ("https_proxy", "http://ignored:1"),
            ("http_proxy", "http://plain:3128"),
            ("no_proxy", "mirror.corp"),
        ]);
        let https = proxies
            .for_url("https", "nodejs.org", None)
            .expect("proxied");
        assert_eq!(
            (https.variable.as_str(), https.value.as_str()),
            ("HTTPS_PROXY", "http://secure:3128")
        );
        let http = proxies
            .for_url("http", "nodejs.org", None)
            .expect("proxied");
        assert_eq!(http.variable, "http_proxy");
        assert_eq!(proxies.for_url("https", "mirror.corp", None), None);
        assert_eq!(proxies.for_url("http", "127.0.0.1", Some(8080)), None);
        assert_eq!(proxies.for_url("http", "[::1]", None), None);
        assert_eq!(proxies.for_url("http", "localhost", None), None);
    }

    #[test]
    fn all_proxy_is_the_fallback() {
        let proxies = env(&[("ALL_PROXY", "socks5://s:1080"), ("HTTP_PROXY", "  ")]);
        assert_eq!(
            proxies
                .for_url("http", "h", None)
                .map(|s| s.variable.as_str()),
            Some("ALL_PROXY")
        );
        assert_eq!(env(&[]).for_url("https", "h", None), None);
    }
}
