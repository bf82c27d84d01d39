//! `httpd -t` on the configuration at build, with the variables it reads at launch, so a
//! mistake fails the build with httpd's own message rather than the container's start.

use crate::errors;
use crate::httpd_layer::DEFAULT_PORT;
use crate::process;
use std::path::Path;
use std::process::Command;
use stowage_kit::Error;
use stowage_kit::output::Output;

pub(crate) fn check(
    home: &Path,
    app: &Path,
    conf: &Path,
    output: &mut Output,
) -> Result<(), Error> {
    let ran = Command::new(home.join("bin/httpd"))
        .args(process::arguments(home, conf))
        .arg("-t")
        .env("SERVER_ROOT", home)
        .env("APP_ROOT", app)
        .env("PORT", DEFAULT_PORT)
        .output();
    let result = match ran {
        Ok(result) => result,
        Err(error) => {
            output.warning(&errors::conf_not_checked(&error));
            return Ok(());
        }
    };
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    if !result.status.success() {
        return Err(errors::conf_invalid(
            conf.strip_prefix(app).unwrap_or(conf),
            &said,
        ));
    }
    output.step("httpd -t: Syntax OK");
    for line in said.lines().filter(|line| !line.contains("Syntax OK")) {
        output.detail(line);
    }
    Ok(())
}
