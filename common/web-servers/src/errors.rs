//! The errors the web servers share; each id names the server's buildpack, so nginx's ids
//! are the ones it always had.

use crate::Server;
use crate::settings::ROOT;
use stowage_kit::Error;

pub(crate) fn root_missing(server: Server, root: &str) -> Error {
    let id = match server {
        Server::Nginx => "nginx/root-missing",
        Server::Httpd => "httpd/root-missing",
    };
    Error::new(
        id,
        format!("{ROOT} names {root}, which is not a folder of the app"),
        format!(
            "The generated {} configuration serves the files of that folder (default `public`). \
             Add the folder to the app (or build it: a front end's build script writes it before \
             the server is configured), or set {ROOT} to the folder that holds your site's \
             index.html.",
            server.name()
        ),
    )
    .variable(ROOT)
    .file(root)
}

pub(crate) fn htpasswd_without_file(server: Server, binding: &str) -> Error {
    let id = match server {
        Server::Nginx => "nginx/htpasswd-binding-without-file",
        Server::Httpd => "httpd/htpasswd-binding-without-file",
    };
    Error::new(
        id,
        format!("The htpasswd binding {binding:?} has no .htpasswd entry"),
        "A binding of type htpasswd turns on basic authentication with the users of its \
         `.htpasswd` file (made with `htpasswd -c .htpasswd <user>`). Add the file to the \
         binding, or remove the binding.",
    )
    .binding(binding)
}

pub(crate) fn htpasswd_not_copied(server: Server, error: &std::io::Error) -> Error {
    let id = match server {
        Server::Nginx => "nginx/htpasswd-not-copied",
        Server::Httpd => "httpd/htpasswd-not-copied",
    };
    Error::new(
        id,
        "The htpasswd binding's .htpasswd could not be copied into the image",
        format!("{error}. Check that the binding's files are readable by the build."),
    )
}

/// nginx reports it as a warning (authentication stays off, as Paketo's nginx does); httpd
/// as an error (as Paketo's httpd does).
#[must_use]
pub fn several_htpasswd_bindings(server: Server, names: &[String]) -> Error {
    let listed = format!(
        "{} bindings of type htpasswd ({})",
        names.len(),
        names.join(", ")
    );
    match server {
        Server::Nginx => Error::new(
            "nginx/several-htpasswd-bindings",
            format!("{listed}: basic authentication stays off"),
            "Give exactly one htpasswd binding to turn basic authentication on.",
        ),
        Server::Httpd => Error::new(
            "httpd/several-htpasswd-bindings",
            format!("{listed}: which users may sign in is unclear"),
            "Give exactly one htpasswd binding (its .htpasswd lists every user), or none for a \
             site without basic authentication.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_well() {
        let names = ["a".to_string(), "b".to_string()];
        let mut rendered = Vec::new();
        for server in [Server::Nginx, Server::Httpd] {
            rendered.push(root_missing(server, "dist").render());
            rendered.push(htpasswd_without_file(server, "site-users").render());
            rendered.push(
                htpasswd_not_copied(
                    server,
                    &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
                )
                .render(),
            );
        }
        rendered.push(several_htpasswd_bindings(Server::Nginx, &names).render_warning());
        rendered.push(several_htpasswd_bindings(Server::Httpd, &names).render());
        insta::assert_snapshot!(rendered.join("\n----\n"));
    }
}
