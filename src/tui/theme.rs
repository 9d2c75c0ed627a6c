//! Styles. Two themes: the 16 named colours (readable on light and dark backgrounds, since
//! they follow the terminal's own palette), and, under NO_COLOR, modifiers only. A coloured
//! highlight would lose its REVERSED under NO_COLOR (crossterm resets all styling on the
//! empty colour code), so the plain theme never sets a colour at all. Meaning is never
//! carried by colour alone: every state also has a symbol or a word. The config file's
//! `[theme]` recolours the colour theme by role; NO_COLOR still wins over it.

use std::ffi::OsStr;

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Colour, ThemeColours};

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

    /// The colour theme with the config's colours in place of its own, role by role (a
    /// role keeps its modifiers: the selected row stays reversed).
    pub fn colour_with(colours: &ThemeColours) -> Theme {
        let mut t = Theme::colour();
        let c = colours;
        for (style, colour) in [
            (&mut t.focus, c.focus),
            (&mut t.title, c.title),
            (&mut t.dim, c.dim),
            (&mut t.header, c.header),
            (&mut t.selected, c.selected),
            (&mut t.good, c.good),
            (&mut t.warn, c.warn),
            (&mut t.bad, c.bad),
            (&mut t.waterline, c.waterline),
            (&mut t.bar_done, c.bar_done),
            (&mut t.bar_todo, c.bar_todo),
            (&mut t.ideal, c.ideal),
            (&mut t.actual, c.actual),
            (&mut t.today, c.today),
        ] {
            if let Some(colour) = colour {
                *style = style.fg(named(colour));
            }
        }
        t
    }

    /// NO_COLOR set to anything non-empty turns colour off (https://no-color.org), whatever
    /// the config's colours say. `no_color` is the variable, passed in to be testable.
    pub fn choose(no_color: Option<&OsStr>, colours: &ThemeColours) -> Theme {
        match no_color {
            Some(v) if !v.is_empty() => Theme::no_colour(),
            _ => Theme::colour_with(colours),
        }
    }

    pub fn from_env(colours: &ThemeColours) -> Theme {
        Theme::choose(std::env::var_os("NO_COLOR").as_deref(), colours)
    }
}

fn named(colour: Colour) -> Color {
    match colour {
        Colour::Default => Color::Reset,
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
        Colour::LightRed => Color::LightRed,
        Colour::LightGreen => Color::LightGreen,
        Colour::LightYellow => Color::LightYellow,
        Colour::LightBlue => Color::LightBlue,
        Colour::LightMagenta => Color::LightMagenta,
        Colour::LightCyan => Color::LightCyan,
        Colour::White => Color::White,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_recolours_roles_and_no_color_wins_over_it() {
        let colours = ThemeColours {
            focus: Some(Colour::Yellow),
            selected: Some(Colour::Green),
            ..ThemeColours::default()
        };
        let t = Theme::choose(None, &colours);
        assert_eq!(t.focus.fg, Some(Color::Yellow));
        assert!(t.focus.add_modifier.contains(Modifier::BOLD));
        assert_eq!(t.selected.fg, Some(Color::Green));
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
        assert_eq!(t.bad, Theme::colour().bad);
        assert_eq!(Theme::choose(Some(OsStr::new("")), &colours), t);
        assert_eq!(
            Theme::choose(Some(OsStr::new("1")), &colours),
            Theme::no_colour()
        );
    }
}
