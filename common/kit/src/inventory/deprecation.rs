//! Warnings for entries past or near their `deprecation_date`.

use super::Dependency;
use crate::Error;
use crate::output::Output;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// How early to warn about an approaching deprecation date.
const SOON: Duration = Duration::days(30);

/// Prints [`deprecation_warning`]'s warning for `dependency` now, if it has one.
pub fn warn_if_deprecated(
    dependency: &Dependency,
    variable: &str,
    output: &mut Output,
) -> Result<(), Error> {
    if let Some(warning) = deprecation_warning(dependency, OffsetDateTime::now_utc(), variable)? {
        output.warning(&warning);
    }
    Ok(())
}

/// A warning when `dependency` is deprecated at `now` or will be within 30 days; `variable` is
/// the setting that picks another version (e.g. `BP_NODE_VERSION`). A malformed date is an
/// error: the metadata is broken, not the app.
pub fn deprecation_warning(
    dependency: &Dependency,
    now: OffsetDateTime,
    variable: &str,
) -> Result<Option<Error>, Error> {
    let Some(text) = &dependency.deprecation_date else {
        return Ok(None);
    };
    let date = OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|error| invalid_date(dependency, text).debug(error))?;
    let what = format!("{} {}", dependency.display_name(), dependency.version);
    let day = date.date();
    let how = format!(
        "set {variable} to a newer major version (or leave it unset to get the default), or \
         raise the version your project files ask for."
    );
    if date <= now {
        Ok(Some(Error::new(
            "inventory/deprecated",
            format!("{what} reached its end of life on {day}"),
            format!("It no longer gets security fixes. Move to a newer version line: {how}"),
        )))
    } else if date - now <= SOON {
        Ok(Some(Error::new(
            "inventory/deprecation-soon",
            format!("{what} reaches its end of life on {day}"),
            format!(
                "After that it gets no security fixes. Move to a newer version line before \
                 then: {how}"
            ),
        )))
    } else {
        Ok(None)
    }
}

fn invalid_date(dependency: &Dependency, text: &str) -> Error {
    Error::new(
        "inventory/invalid-deprecation-date",
        format!(
            "The deprecation date of {} {} is not a valid date",
            dependency.id, dependency.version
        ),
        format!(
            "`{text}` is not an RFC 3339 date such as `2027-04-30T00:00:00Z`. This is a bug in \
             the buildpack's dependency metadata, not in your app: please report it."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn node(date: Option<&str>) -> Dependency {
        let text = format!(
            "id = \"node\"\nname = \"Node Engine\"\nversion = \"22.23.2\"\n\
             uri = \"https://example.org/node\"\nchecksum = \"sha256:{}\"\n{}",
            "a".repeat(64),
            date.map(|date| format!("deprecation_date = \"{date}\"\n"))
                .unwrap_or_default()
        );
        toml::from_str(&text).expect("valid entry")
    }

    fn warning(date: &str, now: OffsetDateTime) -> Result<Option<Error>, Error> {
        deprecation_warning(&node(Some(date)), now, "BP_NODE_VERSION")
    }

    #[test]
    fn past_date() {
        let warning = warning("2027-04-30T00:00:00Z", datetime!(2027-05-01 0:00 UTC))
            .expect("valid date")
            .expect("deprecated");
        assert_eq!(warning.id, "inventory/deprecated");
        insta::assert_snapshot!(warning.render());
    }

    #[test]
    fn date_within_30_days() {
        let warning = warning("2027-04-30T00:00:00Z", datetime!(2027-04-01 0:00 UTC))
            .expect("valid date")
            .expect("soon");
        assert_eq!(warning.id, "inventory/deprecation-soon");
        insta::assert_snapshot!(warning.render());
    }

    #[test]
    fn date_far_away_or_absent() {
        let now = datetime!(2027-03-31 0:00 UTC);
        assert_eq!(warning("2027-04-30T00:00:01Z", now), Ok(None));
        assert_eq!(deprecation_warning(&node(None), now, "X"), Ok(None));
    }

    #[test]
    fn exactly_on_the_date_is_past() {
        let now = datetime!(2027-04-30 0:00 UTC);
        let warning = warning("2027-04-30T00:00:00Z", now)
            .expect("valid")
            .expect("warns");
        assert_eq!(warning.id, "inventory/deprecated");
    }

    #[test]
    fn malformed_date() {
        let error = warning("30/04/2027", datetime!(2027-05-01 0:00 UTC)).expect_err("bad date");
        assert_eq!(error.id, "inventory/invalid-deprecation-date");
        insta::assert_snapshot!(error.render());
    }
}
