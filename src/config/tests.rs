//! Parsing the config file: each setting, and each kind of mistake with the line it names.

#![allow(clippy::unwrap_used)]

use super::*;

fn problem(text: &str) -> Problem {
    parse(text).unwrap_err()
}

#[test]
fn an_empty_file_is_the_defaults_and_the_written_default_is_too() {
    assert_eq!(parse(""), Ok(Config::default()));
    assert_eq!(parse(DEFAULT_FILE), Ok(Config::default()));
}

#[test]
fn every_setting_is_read() {
    let text = "document = \"~/b/roadlog.json\"\ndate_format = \"%d %b %Y\"\n\
                [theme]\nfocus = \"Light Blue\"\nbad = \"dark-grey\"\n\
                [keys]\nbacklog.rank_down = \"ctrl-j\"\n\
                [keys.global]\nundo = [\"u\", \"ctrl-z\"]\n";
    let c = parse(text).unwrap();
    assert_eq!(c.document.as_deref(), Some("~/b/roadlog.json"));
    assert_eq!(
        c.date_format
            .date(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()),
        "31 Jan 2026"
    );
    assert_eq!(c.theme.focus, Some(Colour::LightBlue));
    assert_eq!(c.theme.bad, Some(Colour::DarkGray));
    assert_eq!(c.theme.good, None);
    let remap = |context: &str, action: &str, keys: &[&str], line| Remap {
        context: context.into(),
        action: action.into(),
        keys: keys.iter().map(|k| k.to_string()).collect(),
        line,
    };
    assert_eq!(
        c.remaps,
        vec![
            remap("backlog", "rank_down", &["ctrl-j"], 7),
            remap("global", "undo", &["u", "ctrl-z"], 9),
        ]
    );
}

#[test]
fn bad_toml_names_its_line() {
    let p = problem("date_format = \"%Y\"\n\n[theme\nfocus = \"red\"\n");
    assert_eq!(p.line, Some(3), "{p:?}");
}

#[test]
fn an_unknown_setting_names_its_line_and_the_known_ones() {
    let p = problem("\n\ndate_fromat = \"%Y\"\n");
    assert_eq!(p.line, Some(3));
    assert!(p.message.contains("date_fromat"), "{}", p.message);
    assert!(p.message.contains("date_format"), "{}", p.message);
    let p = problem("[theme]\nfocus = \"red\"\nborder = \"red\"\n");
    assert_eq!(p.line, Some(3));
    assert!(p.message.contains("border"), "{}", p.message);
}

#[test]
fn a_bad_colour_names_its_line_and_the_colours() {
    let p = problem("[theme]\n\nwarn = \"pink\"\n");
    assert_eq!(p.line, Some(3));
    assert!(
        p.message.contains("'pink' is not a colour"),
        "{}",
        p.message
    );
    assert!(p.message.contains("light_magenta"), "{}", p.message);
}

#[test]
fn a_bad_date_format_is_refused_with_its_line() {
    let p = problem("\ndate_format = \"%Y-%Q\"\n");
    assert_eq!(p.line, Some(2));
    assert!(
        p.message.contains("'%Y-%Q' is not a date format"),
        "{}",
        p.message
    );
    let p = problem("date_format = \"%Y %H:%M\"\n");
    assert_eq!(p.line, Some(1));
    assert!(p.message.contains("time of day"), "{}", p.message);
    let p = problem("date_format = \"  \"\n");
    assert!(p.message.contains("empty"), "{}", p.message);
}

#[test]
fn a_remap_that_is_not_a_key_or_a_list_names_its_line() {
    let p = problem("[keys.backlog]\nrank_up = \"K\"\nrank_down = 3\n");
    assert_eq!(p.line, Some(3));
    assert!(
        p.message.contains("keys.backlog.rank_down"),
        "{}",
        p.message
    );
    let p = problem("[keys.backlog]\nrank_down = []\n");
    assert_eq!(p.line, Some(2));
    assert!(p.message.contains("no key"), "{}", p.message);
    let p = problem("[keys]\nundo = \"x\"\n");
    assert_eq!(p.line, Some(2), "{p:?}");
    assert!(p.message.contains("global.undo"), "{}", p.message);
}

#[test]
fn an_empty_document_is_refused() {
    let p = problem("document = \"\"\n");
    assert_eq!(p.line, Some(1));
}

#[test]
fn the_document_path_expands_home_and_takes_relative_paths_from_the_config_folder() {
    let with = |doc: &str| Config {
        document: Some(doc.into()),
        ..Config::default()
    };
    let home = Path::new("/home/po");
    let dir = Path::new("/home/po/.config/roadlog");
    let at = |doc| with(doc).document_path(Some(home), dir);
    assert_eq!(at("~/b.json"), Some(PathBuf::from("/home/po/b.json")));
    assert_eq!(at("/srv/b.json"), Some(PathBuf::from("/srv/b.json")));
    assert_eq!(at("b.json"), Some(dir.join("b.json")));
    assert_eq!(Config::default().document_path(Some(home), dir), None);
    // Shown in the header as the file it is: no `..` or `.` left in it.
    assert_eq!(
        at("../b.json"),
        Some(PathBuf::from("/home/po/.config/b.json"))
    );
    assert_eq!(
        at("./x/../../../b.json"),
        Some(PathBuf::from("/home/po/b.json"))
    );
    assert_eq!(at("/../../b.json"), Some(PathBuf::from("/b.json")));
    assert_eq!(
        at("~/docs/./b.json"),
        Some(PathBuf::from("/home/po/docs/b.json"))
    );
}

#[test]
fn a_moment_shows_the_date_format_and_the_time() {
    let f = DateFormat::new("%d/%m/%Y").unwrap();
    let at = NaiveDate::from_ymd_opt(2026, 1, 31)
        .unwrap()
        .and_hms_opt(14, 5, 0)
        .unwrap()
        .and_utc();
    assert_eq!(f.moment(at), "31/01/2026 14:05");
}
