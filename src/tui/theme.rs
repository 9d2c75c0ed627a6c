//! Styles. Two themes: the 16 named colours (readable on light and dark backgrounds, since
//! they follow the terminal's own palette), and, under NO_COLOR, modifiers only. A coloured
//! highlight would lose its REVERSED under NO_COLOR (crossterm resets all styling on the
//! empty colour code), so the plain theme never sets a colour at all. Meaning is never
//! carried by colour alone: every state also has a symbol or a word.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub selected: Style,
    /// The focused pane's border and title.
    pub focus: Style,
    pub title: Style,
    pub dim: Style,
    pub header: Style,
    pub good: Style,
    pub warn: Style,
    pub bad: Style,
    pub waterline: Style,
    pub bar_done: Style,
    pub bar_todo: Style,
    pub ideal: Style,
    pub actual: Style,
    pub today: Style,
}

impl Theme {
    pub fn colour() -> Theme {
        let plain = Style::new();
        Theme {
            selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            focus: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            title: plain.add_modifier(Modifier::BOLD),
            dim: plain.add_modifier(Modifier::DIM),
            header: plain.add_modifier(Modifier::REVERSED),
            good: plain.fg(Color::Green),
            // Not yellow: it vanishes on light backgrounds.
            warn: plain.fg(Color::Magenta),
            bad: plain.fg(Color::Red).add_modifier(Modifier::BOLD),
            waterline: plain.fg(Color::Blue).add_modifier(Modifier::BOLD),
            bar_done: plain.fg(Color::Green),
            bar_todo: plain.add_modifier(Modifier::DIM),
            ideal: plain.fg(Color::DarkGray),
            actual: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            today: plain.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    pub fn no_colour() -> Theme {
        let plain = Style::new();
        let bold = plain.add_modifier(Modifier::BOLD);
        Theme {
            selected: plain.add_modifier(Modifier::REVERSED),
            focus: bold,
            title: bold,
            dim: plain,
            header: plain.add_modifier(Modifier::REVERSED),
            good: plain,
            warn: bold,
            bad: bold,
            waterline: plain.add_modifier(Modifier::UNDERLINED),
            bar_done: plain,
            bar_todo: plain,
            ideal: plain,
            actual: bold,
            today: bold,
        }
    }

    /// NO_COLOR set to anything non-empty turns colour off (https://no-color.org).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::no_colour(),
            _ => Theme::colour(),
        }
    }
}
