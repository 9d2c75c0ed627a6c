//! The key map as it stands this session: [`BINDINGS`] with the config file's remaps
//! applied, checked so that no remap leaves a key meaning two things. Dispatch, the help
//! overlay, the footer and every hint read the map installed here, so a remapped key is
//! the key everywhere the UI names one.
//!
//! The map is installed once per session on the UI's thread. A thread-local rather than a
//! field of `App`: hints are built from the key map in free functions all over the panes
//! (questions, titles, messages), and each test thread (TestBackend) gets its own map.

use std::cell::Cell;
use std::sync::LazyLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{BINDINGS, Context, Key, key_label, typed};
use crate::config::{Problem, Remap};
use crate::tui::action::Action;

/// One binding of the session's map: a [`super::Binding`] with the keys it has now.
#[derive(Debug, Clone)]
pub struct Bound {
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: &'static str,
    pub hint: Option<&'static str>,
}

impl Bound {
    /// `backlog.rank_down`: how the config file names this binding.
    pub fn id(&self) -> String {
        format!("{}.{}", context_id(self.context), action_id(&self.action))
    }
}

#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<Bound>,
}

static DEFAULT: LazyLock<KeyMap> = LazyLock::new(|| KeyMap {
    bindings: BINDINGS
        .iter()
        .map(|b| Bound {
            context: b.context,
            keys: b.keys.to_vec(),
            action: b.action.clone(),
            help: b.help,
            hint: b.hint,
        })
        .collect(),
});

thread_local! {
    static ACTIVE: Cell<Option<&'static KeyMap>> = const { Cell::new(None) };
}

/// The map this thread's UI uses: the installed one, else the built-in keys.
pub fn active() -> &'static KeyMap {
    ACTIVE.with(Cell::get).unwrap_or(&DEFAULT)
}

/// Makes `map` this thread's map. It lives as long as the program (one small map per
/// session), which is what lets the help borrow its bindings like the static table's.
pub fn install(map: KeyMap) {
    let map: &'static KeyMap = Box::leak(Box::new(map));
    ACTIVE.with(|a| a.set(Some(map)));
}

impl KeyMap {
    /// The built-in keys, whatever this thread installed.
    pub fn defaults() -> &'static KeyMap {
        &DEFAULT
    }

    pub fn bindings(&self) -> &[Bound] {
        &self.bindings
    }

    /// The built-in map with `remaps` applied. Refused, naming the remap's line: a place or
    /// action the map does not have, a key that is not a key, a plain character where
    /// characters are typed text, and a key that another binding already has where both
    /// apply (a pane and the global keys): that would silently take one of them away.
    pub fn build(remaps: &[Remap]) -> Result<KeyMap, Problem> {
        let mut map = KeyMap::defaults().clone();
        let mut changed: Vec<(usize, &Remap)> = Vec::new();
        for remap in remaps {
            let problem = |message: String| Problem {
                line: Some(remap.line),
                message: format!("keys.{}.{}: {message}", remap.context, remap.action),
            };
            let context = context_named(&remap.context).ok_or_else(|| {
                problem(format!(
                    "no place '{}' in the key map; places: {}",
                    remap.context,
                    contexts_list()
                ))
            })?;
            let index = map
                .bindings
                .iter()
                .position(|b| b.context == context && action_id(&b.action) == remap.action)
                .ok_or_else(|| {
                    problem(format!(
                        "no action '{}' in {}; its actions: {}",
                        remap.action,
                        remap.context,
                        actions_list(context)
                    ))
                })?;
            let mut keys = Vec::new();
            for text in &remap.keys {
                let key = parse_key(text).map_err(problem)?;
                if is_text(context, &key) {
                    return Err(problem(format!(
                        "{} is typed as text there; use a Ctrl key or a named key",
                        key_label(&key)
                    )));
                }
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            map.bindings[index].keys = keys;
            changed.push((index, remap));
        }
        for (index, remap) in &changed {
            let this = &map.bindings[*index];
            let clash = map.bindings.iter().enumerate().find_map(|(i, other)| {
                let key = this.keys.iter().find(|k| other.keys.contains(k))?;
                (i != *index && overlap(this.context, other.context)).then_some((key, other))
            });
            if let Some((key, other)) = clash {
                return Err(Problem {
                    line: Some(remap.line),
                    message: format!(
                        "keys.{}.{}: {} is already the key of {} ({}); give that one another key too",
                        remap.context,
                        remap.action,
                        key_label(key),
                        other.id(),
                        other.help
                    ),
                });
            }
        }
        Ok(map)
    }
}

/// Whether a key in `a` and the same key in `b` would both be live at once: the same
/// place, or a pane and the global keys under it.
fn overlap(a: Context, b: Context) -> bool {
    let pane = |c| matches!(c, Context::Roadmap | Context::Backlog | Context::Sprint);
    a == b || (a == Context::Global && pane(b)) || (b == Context::Global && pane(a))
}

/// A plain character where unbound characters are text (a filter, a form field): binding
/// it there would make it impossible to type.
fn is_text(context: Context, key: &Key) -> bool {
    match key.code {
        KeyCode::Char(c) if !key.ctrl => typed(
            context,
            &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        )
        .is_some(),
        _ => false,
    }
}

/// `close_sprint` for `CloseSprint`: the config's name of a place.
pub fn context_id(context: Context) -> String {
    snake(&format!("{context:?}"))
}

/// `rank_down` for `Backlog(RankDown)`, `focus_roadmap` for `Nav(Focus(Roadmap))`: the
/// variant names, so ids stay put when help texts are reworded. Unique within a place
/// (a test holds it).
pub fn action_id(action: &Action) -> String {
    let debug = format!("{action:?}");
    // The outer group (`Backlog(…)`) says nothing the place does not.
    let inner = match debug.split_once('(') {
        Some((_, rest)) => rest.strip_suffix(')').unwrap_or(rest),
        None => &debug,
    };
    snake(&inner.replace(['(', ')'], "_"))
        .trim_matches('_')
        .to_string()
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The places of the map in table order, once each.
fn contexts() -> Vec<Context> {
    let mut out: Vec<Context> = Vec::new();
    for b in BINDINGS {
        if !out.contains(&b.context) {
            out.push(b.context);
        }
    }
    out
}

fn context_named(name: &str) -> Option<Context> {
    contexts().into_iter().find(|c| context_id(*c) == name)
}

fn contexts_list() -> String {
    let names: Vec<String> = contexts().into_iter().map(context_id).collect();
    names.join(", ")
}

fn actions_list(context: Context) -> String {
    let names: Vec<String> = BINDINGS
        .iter()
        .filter(|b| b.context == context)
        .map(|b| action_id(&b.action))
        .collect();
    names.join(", ")
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("shift-tab", KeyCode::BackTab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("space", KeyCode::Char(' ')),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
];

/// A key as the config writes it: a character (`j`, `J`, `?`), `ctrl-x`, or a named key in
/// any case (`Enter`, `PgDn`, `F5`); the help's own spellings (`Ctrl-r`, `↑`) too.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let refuse = || {
        format!(
            "'{text}' is not a key: write a character (j, J, ?), ctrl-x, or one of Enter, \
             Esc, Tab, Shift-Tab, Backspace, Space, Up, Down, Left, Right, Home, End, PgUp, \
             PgDn, Delete, Insert, F1-F12"
        )
    };
    let trimmed = text.trim();
    let lower = trimmed.to_lowercase();
    let (ctrl, rest) = match ["ctrl-", "ctrl+", "c-"]
        .iter()
        .find_map(|p| lower.strip_prefix(p).map(|_| &trimmed[p.len()..]))
    {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => match c {
            '↑' => KeyCode::Up,
            '↓' => KeyCode::Down,
            '←' => KeyCode::Left,
            '→' => KeyCode::Right,
            // A terminal sends Ctrl-I, Ctrl-M and Ctrl-[ as Tab, Enter and Esc.
            c if ctrl && matches!(c.to_ascii_lowercase(), 'i' | 'm' | '[') => {
                let same = match c.to_ascii_lowercase() {
                    'i' => "Tab",
                    'm' => "Enter",
                    _ => "Esc",
                };
                return Err(format!(
                    "'{text}' reaches roadlog as {same} from a terminal: write {same}"
                ));
            }
            // A terminal sends Ctrl with a letter the same with or without Shift, and Ctrl
            // with most other keys not at all.
            c if ctrl && (c.is_ascii_alphabetic() || c == ' ') => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            _ if ctrl => {
                return Err(format!(
                    "'{text}': a terminal sends Ctrl only with a letter or Space"
                ));
            }
            c if c.is_control() => return Err(refuse()),
            c => KeyCode::Char(c),
        },
        _ => {
            let name = rest.to_lowercase();
            let function = name
                .strip_prefix('f')
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|n| (1..=12).contains(n));
            match (function, NAMED.iter().find(|(n, _)| *n == name)) {
                (Some(n), _) => KeyCode::F(n),
                (None, Some((_, code))) => *code,
                (None, None) => return Err(refuse()),
            }
        }
    };
    Ok(Key { code, ctrl })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::tui::action::{BacklogAction, GlobalAction, NavAction};
    use crate::tui::pane::Pane;

    fn remap(context: &str, action: &str, keys: &[&str], line: usize) -> Remap {
        Remap {
            context: context.into(),
            action: action.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
            line,
        }
    }

    fn problem(remaps: &[Remap]) -> Problem {
        KeyMap::build(remaps).unwrap_err()
    }

    fn keys_of(map: &KeyMap, id: &str) -> Vec<String> {
        let b = map.bindings().iter().find(|b| b.id() == id).unwrap();
        b.keys.iter().map(key_label).collect()
    }

    #[test]
    fn ids_are_the_variant_names_and_unique_in_each_place() {
        assert_eq!(
            action_id(&Action::Backlog(BacklogAction::RankDown)),
            "rank_down"
        );
        assert_eq!(
            action_id(&Action::Nav(NavAction::Focus(Pane::Roadmap))),
            "focus_roadmap"
        );
        assert_eq!(action_id(&Action::Global(GlobalAction::Undo)), "undo");
        assert_eq!(action_id(&Action::Quit), "quit");
        assert_eq!(context_id(Context::CloseSprint), "close_sprint");
        let all = KeyMap::defaults().bindings();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(a.id() != b.id(), "{} names two bindings", a.id());
            }
        }
    }

    #[test]
    fn a_remap_replaces_the_keys_of_its_binding_only() {
        let map = KeyMap::build(&[
            remap("backlog", "rank_down", &["ctrl-j"], 3),
            remap("global", "undo", &["u", "Ctrl-Z", "u"], 4),
        ])
        .unwrap();
        assert_eq!(keys_of(&map, "backlog.rank_down"), ["Ctrl-j"]);
        assert_eq!(keys_of(&map, "global.undo"), ["u", "Ctrl-z"]);
        assert_eq!(keys_of(&map, "roadmap.rank_down"), ["J"]);
        assert_eq!(keys_of(KeyMap::defaults(), "backlog.rank_down"), ["J"]);
    }

    #[test]
    fn swapping_two_keys_is_no_collision() {
        let map = KeyMap::build(&[
            remap("backlog", "rank_down", &["K"], 1),
            remap("backlog", "rank_up", &["J"], 2),
        ])
        .unwrap();
        assert_eq!(keys_of(&map, "backlog.rank_down"), ["K"]);
    }

    #[test]
    fn an_unknown_place_or_action_names_the_line_and_what_there_is() {
        let p = problem(&[remap("backlgo", "rank_down", &["x"], 7)]);
        assert_eq!(p.line, Some(7));
        assert!(p.message.contains("no place 'backlgo'"), "{}", p.message);
        assert!(p.message.contains("close_sprint"), "{}", p.message);
        let p = problem(&[remap("backlog", "rank_dwn", &["x"], 8)]);
        assert_eq!(p.line, Some(8));
        assert!(
            p.message.contains("no action 'rank_dwn' in backlog"),
            "{}",
            p.message
        );
        assert!(p.message.contains("rank_down, rank_up"), "{}", p.message);
    }

    #[test]
    fn a_bad_key_name_names_the_line() {
        let p = problem(&[remap("global", "undo", &["ctrl-"], 5)]);
        assert_eq!(p.line, Some(5));
        assert!(p.message.contains("'ctrl-' is not a key"), "{}", p.message);
        assert!(
            problem(&[remap("global", "undo", &["hyper-u"], 1)])
                .message
                .contains("not a key")
        );
        assert!(
            problem(&[remap("global", "undo", &["F13"], 1)])
                .message
                .contains("not a key")
        );
        let p = problem(&[remap("global", "undo", &["ctrl-m"], 1)]);
        assert!(
            p.message.contains("reaches roadlog as Enter"),
            "{}",
            p.message
        );
        let p = problem(&[remap("global", "undo", &["ctrl-1"], 1)]);
        assert!(p.message.contains("only with a letter"), "{}", p.message);
    }

    #[test]
    fn a_key_another_binding_has_where_both_apply_is_refused() {
        // J ranks stories in the Backlog already.
        let p = problem(&[remap("backlog", "toggle_group", &["J"], 4)]);
        assert_eq!(p.line, Some(4));
        assert!(
            p.message
                .contains("J is already the key of backlog.rank_down"),
            "{}",
            p.message
        );
        // A global key that a pane's binding has: the pane would take it.
        let p = problem(&[remap("global", "undo", &["s"], 9)]);
        assert_eq!(p.line, Some(9));
        assert!(p.message.contains("backlog.cycle_status"), "{}", p.message);
        // Two panes never apply at once.
        assert!(KeyMap::build(&[remap("roadmap", "toggle_timeline", &["s"], 1)]).is_ok());
    }

    #[test]
    fn a_plain_character_is_refused_where_characters_are_text() {
        let p = problem(&[remap("filter", "keep", &["x"], 2)]);
        assert!(p.message.contains("typed as text"), "{}", p.message);
        assert!(KeyMap::build(&[remap("filter", "keep", &["ctrl-x"], 2)]).is_ok());
    }

    #[test]
    fn keys_read_as_the_help_writes_them() {
        let key = |t| parse_key(t).unwrap();
        assert_eq!(
            key("J"),
            Key {
                code: KeyCode::Char('J'),
                ctrl: false
            }
        );
        assert_eq!(
            key("ctrl-R"),
            Key {
                code: KeyCode::Char('r'),
                ctrl: true
            }
        );
        assert_eq!(key("Space").code, KeyCode::Char(' '));
        assert_eq!(key("PgDn").code, KeyCode::PageDown);
        assert_eq!(key("Shift-Tab").code, KeyCode::BackTab);
        assert_eq!(key("↑").code, KeyCode::Up);
        assert_eq!(key("f5").code, KeyCode::F(5));
        for b in KeyMap::defaults().bindings() {
            for k in &b.keys {
                assert_eq!(parse_key(&key_label(k)).as_ref(), Ok(k), "{}", key_label(k));
            }
        }
    }
}
