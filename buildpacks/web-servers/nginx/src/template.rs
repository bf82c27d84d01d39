//! The template language of an app's nginx.conf, rendered at launch (Paketo's functions, in
//! Go template syntax): `{{port}}`, `{{env "NAME"}}`, `{{tempDir}}` and `{{module "name"}}`.
//! Build checks the templates with the same parser, so a mistake fails the build, not the
//! start. Shared by the buildpack and its exec.d program (`src/bin/nginx-render-conf.rs`).

use std::path::Path;
use stowage_kit::Error;

/// The functions a template calls, answered at launch (or with stand-ins when checking).
pub(crate) trait Functions {
    fn port(&self) -> String;
    fn env(&self, name: &str) -> String;
    fn temp_dir(&self) -> String;
    /// The `load_module` directive for the module `name`.
    fn module(&self, name: &str) -> String;
}

/// What is wrong with a template, at which line (1-based).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Mistake {
    pub line: usize,
    pub problem: String,
}

const KNOWN: &str = "{{port}}, {{env \"NAME\"}}, {{tempDir}} and {{module \"name\"}}";

/// Renders `text`, or says what is wrong at which line.
pub(crate) fn render(text: &str, functions: &dyn Functions) -> Result<String, Mistake> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut line = 1;
    while let Some(start) = rest.find("{{") {
        let before = &rest[..start];
        out.push_str(before);
        line += before.matches('\n').count();
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(Mistake {
                line,
                problem: "`{{` is not closed by `}}`".to_string(),
            });
        };
        let action = &after[..end];
        if action.contains('\n') {
            return Err(Mistake {
                line,
                problem: "`{{` is not closed by `}}` on the same line".to_string(),
            });
        }
        out.push_str(&call(action, functions).map_err(|problem| Mistake { line, problem })?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// One `{{ … }}` action: a function name and at most one quoted argument.
fn call(action: &str, functions: &dyn Functions) -> Result<String, String> {
    let action = action.trim();
    let (name, argument) = match action.split_once(char::is_whitespace) {
        Some((name, argument)) => (name, Some(argument.trim())),
        None => (action, None),
    };
    let quoted = |function: &str| -> Result<String, String> {
        argument
            .and_then(|text| text.strip_prefix('"'))
            .and_then(|text| text.strip_suffix('"'))
            .filter(|text| !text.is_empty() && !text.contains('"'))
            .map(String::from)
            .ok_or_else(|| {
                format!("`{{{{{action}}}}}`: {function} takes one quoted name, e.g. {{{{{function} \"NAME\"}}}}")
            })
    };
    let no_argument = |function: &str| -> Result<(), String> {
        match argument {
            None => Ok(()),
            Some(_) => Err(format!("`{{{{{action}}}}}`: {function} takes no argument")),
        }
    };
    match name {
        "port" => no_argument(name).map(|()| functions.port()),
        "tempDir" => no_argument(name).map(|()| functions.temp_dir()),
        "env" => quoted(name).map(|variable| functions.env(&variable)),
        "module" => quoted(name).map(|module| functions.module(&module)),
        _ => Err(format!(
            "`{{{{{action}}}}}` calls no known function (known: {KNOWN})"
        )),
    }
}

/// The `load_module` directive for `name`: the app's own `modules/<name>.so` first, else
/// nginx's.
pub(crate) fn load_module(app: &Path, nginx_home: Option<&Path>, name: &str) -> String {
    let file = format!("{name}.so");
    let own = app.join("modules").join(&file);
    let path = match nginx_home {
        Some(home) if !own.is_file() => home.join("modules").join(&file),
        _ => own,
    };
    format!("load_module {};", path.display())
}

/// The error for a mistake in `file` (shown relative to the app).
pub(crate) fn mistake_error(file: &Path, mistake: &Mistake) -> Error {
    Error::new(
        "nginx/template",
        format!(
            "{}, line {}: {}",
            file.display(),
            mistake.line,
            mistake.problem
        ),
        format!(
            "nginx configuration files are templates rendered at launch; they may use {KNOWN}.\n\
             Fix the line, or write a literal `{{{{` another way."
        ),
    )
    .file(file)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Fixed answers, for checking templates in tests.
    pub(crate) struct Fixed;

    impl Functions for Fixed {
        fn port(&self) -> String {
            "9090".to_string()
        }
        fn env(&self, name: &str) -> String {
            if name == "GREETING" {
                "hello".to_string()
            } else {
                String::new()
            }
        }
        fn temp_dir(&self) -> String {
            "/scratch".to_string()
        }
        fn module(&self, name: &str) -> String {
            format!("load_module /m/{name}.so;")
        }
    }

    #[test]
    fn every_function_renders_and_other_text_stays() {
        let text = "{{module \"ngx_stream_module\"}}\nlisten {{ port }};\n\
                    return 200 '{{env \"GREETING\"}}{{env \"MISSING\"}}';\n\
                    client_body_temp_path {{tempDir}}/body; # $host {}\n";
        assert_eq!(
            render(text, &Fixed).expect("renders"),
            "load_module /m/ngx_stream_module.so;\nlisten 9090;\nreturn 200 'hello';\n\
             client_body_temp_path /scratch/body; # $host {}\n"
        );
        assert_eq!(
            render("no templates", &Fixed).expect("renders"),
            "no templates"
        );
    }

    #[test]
    fn mistakes_name_their_line() {
        let cases = [
            ("a\nb {{ listen }}\n", 2, "calls no known function"),
            (
                "a\n\n\nport {{port\n}}",
                4,
                "not closed by `}}` on the same line",
            ),
            ("x {{env \"A\"}}\n{{port", 2, "not closed by `}}`"),
            ("{{env}}", 1, "env takes one quoted name"),
            ("{{env NAME}}", 1, "env takes one quoted name"),
            ("{{port 80}}", 1, "port takes no argument"),
            ("{{ .Port }}", 1, "calls no known function"),
        ];
        for (text, line, problem) in cases {
            let mistake = render(text, &Fixed).expect_err(text);
            assert_eq!(mistake.line, line, "{text:?}: {mistake:?}");
            assert!(mistake.problem.contains(problem), "{text:?}: {mistake:?}");
        }
    }

    #[test]
    fn the_error_reads_well() {
        let mistake = render("events {}\nhttp { listen {{ listen }}; }\n", &Fixed)
            .expect_err("unknown function");
        insta::assert_snapshot!(mistake_error(Path::new("nginx.conf"), &mistake).render());
    }
}
