//! Counts written out for people: "1 day", "2 days", "0 points". Shared by the CLI and the
//! TUI so one count reads the same in both.

/// `n` with its noun, singular for exactly one: `counted(1, "day", "days")` is "1 day".
pub fn counted<N: std::fmt::Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    if n == N::from(1) {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(counted(1, "day", "days"), "1 day");
        assert_eq!(counted(0, "day", "days"), "0 days");
        assert_eq!(counted(2, "story", "stories"), "2 stories");
        assert_eq!(counted(-1i64, "day", "days"), "-1 days");
        assert_eq!(counted(1usize, "story", "stories"), "1 story");
    }
}
