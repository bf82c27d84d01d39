use super::*;

const VERSIONS: [&str; 7] = [
    "8.1.31",
    "8.2.0",
    "8.2.36",
    "8.3.33",
    "8.4.24",
    "9.0.0",
    "8.3.0-rc1",
];

fn matching(constraint: &str) -> Vec<&'static str> {
    let constraint = ComposerConstraint::parse(constraint)
        .unwrap_or_else(|error| panic!("{constraint}: {}", error.render()));
    VERSIONS
        .into_iter()
        .filter(|v| constraint.matches(&v.parse().expect("version")))
        .collect()
}

#[test]
fn composer_operators_mean_what_composer_means() {
    assert_eq!(matching("^8.2"), ["8.2.0", "8.2.36", "8.3.33", "8.4.24"]);
    assert_eq!(matching("^8.2.1"), ["8.2.36", "8.3.33", "8.4.24"]);
    assert_eq!(matching("~8.2"), ["8.2.0", "8.2.36", "8.3.33", "8.4.24"]);
    assert_eq!(matching("~8.2.0"), ["8.2.0", "8.2.36"]);
    assert_eq!(matching("8.2.*"), ["8.2.0", "8.2.36"]);
    assert_eq!(matching("8.2.x"), ["8.2.0", "8.2.36"]);
    assert_eq!(matching("8.*"), matching(">=8.0 <9"));
    assert_eq!(matching("*"), matching(">=0"));
    assert_eq!(
        matching("8.2"),
        ["8.2.0", "8.2.36"],
        "a bare line, as Paketo"
    );
    assert_eq!(matching("8.2.36"), ["8.2.36"]);
    assert_eq!(matching("v8.2.36"), ["8.2.36"]);
    assert_eq!(matching("==8.2.0"), ["8.2.0"]);
    assert_eq!(matching("8.2.0.0"), ["8.2.0"]);
    assert_eq!(matching("!=8.2.0 <8.3"), ["8.1.31", "8.2.36"]);
    assert_eq!(matching(">8.2.0,<=8.3.33"), ["8.2.36", "8.3.33"]);
    assert_eq!(matching(">=8.1 <8.3"), ["8.1.31", "8.2.0", "8.2.36"]);
    assert_eq!(matching(">= 8.1, < 8.3"), matching(">=8.1 <8.3"));
    assert_eq!(matching("8.1.*|8.4.*"), ["8.1.31", "8.4.24"]);
    assert_eq!(matching("^8.3 || ^9.0"), ["8.3.33", "8.4.24", "9.0.0"]);
    assert_eq!(matching("8.2 - 8.3"), ["8.2.0", "8.2.36", "8.3.33"]);
    assert_eq!(matching("8.2.0 - 8.3.0"), ["8.2.0", "8.2.36"]);
    assert_eq!(matching("^8.2@stable"), matching("^8.2"));
    assert_eq!(matching("8.4.*@dev || 8.1.*@RC"), ["8.1.31", "8.4.24"]);
    assert_eq!(matching("^0.3"), Vec::<&str>::new());
    assert_eq!(
        ComposerConstraint::parse(" ^8.2 ")
            .expect("parses")
            .to_string(),
        "^8.2"
    );
}

#[test]
fn carets_and_tildes_below_one() {
    let matches = |constraint: &str, version: &str| {
        ComposerConstraint::parse(constraint)
            .expect("parses")
            .matches(&version.parse().expect("version"))
    };
    assert!(matches("^0.3.1", "0.3.9") && !matches("^0.3.1", "0.4.0"));
    assert!(matches("^0.0.3", "0.0.3") && !matches("^0.0.3", "0.0.4"));
    assert!(matches("~1", "1.9.0") && !matches("~1", "2.0.0"));
}

#[test]
fn pre_releases_only_when_named() {
    assert!(!matching(">=8.3 <8.4").contains(&"8.3.0-rc1"));
    assert_eq!(matching(">=8.3.0-rc1 <8.3.1"), ["8.3.0-rc1"]);
}

#[test]
fn not_a_constraint() {
    for text in [
        "",
        "eight",
        "^",
        ">=",
        "8.2.*.1",
        "^8.*",
        ">=8.*",
        "8.2@nightly",
        "1 - ",
        "- 2",
        "8.2.3.4",
        ">=^8",
        "8.2 || ",
    ] {
        assert!(ComposerConstraint::parse(text).is_err(), "{text:?} parsed");
    }
}

#[test]
fn the_error_shows_composer_examples() {
    insta::assert_snapshot!(
        ComposerConstraint::parse(">= eight")
            .expect_err("invalid")
            .render()
    );
}
