//! What the web-server buildpacks (nginx, httpd) share: the `BP_WEB_SERVER*` settings of a
//! generated configuration for a static site, the check of its root folder, basic
//! authentication from an `htpasswd` binding, and their build plan's requirement and version
//! requests. Each error's id names the server's buildpack.

pub mod errors;
pub mod htpasswd;
pub mod plan;
pub mod process;
pub mod settings;

/// The web server a buildpack installs: the `BP_WEB_SERVER` value that asks for it and the
/// prefix of its error ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Server {
    Nginx,
    Httpd,
}

impl Server {
    /// Its `BP_WEB_SERVER` value, and the name its buildpack's log uses.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Server::Nginx => "nginx",
            Server::Httpd => "httpd",
        }
    }
}
