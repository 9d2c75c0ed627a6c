//! Who holds a lock that did not write its pid (`flock(1)`, an older roadlog): read from
//! Linux's /proc/locks, where each held `flock` is listed with the pid that took it and the
//! device and inode of the locked file. Elsewhere, or when the list cannot be read, the
//! holder is simply unknown.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The pid holding a write lock on the file at `path`, if the system says.
pub(super) fn holder(path: &Path) -> Option<u32> {
    let meta = std::fs::metadata(path).ok()?;
    let list = std::fs::read_to_string("/proc/locks").ok()?;
    holder_in(&list, meta.dev(), meta.ino())
}

/// Lines look like `1: FLOCK  ADVISORY  WRITE 4242 fe:00:10010769 0 EOF`; a process
/// blocked waiting has `->` after the number and is skipped.
fn holder_in(list: &str, dev: u64, ino: u64) -> Option<u32> {
    // glibc's encoding of dev_t; /proc/locks prints major and minor in hex.
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    let wanted = format!("{major:02x}:{minor:02x}:{ino}");
    list.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [_, "FLOCK", _, "WRITE", pid, file, ..] if *file == wanted => pid.parse().ok(),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_holder_is_the_pid_on_the_line_of_that_file() {
        let list = "1: POSIX  ADVISORY  WRITE 17 fe:00:99 0 EOF\n\
                    2: -> FLOCK  ADVISORY  WRITE 31 fe:00:10010769 0 EOF\n\
                    3: FLOCK  ADVISORY  WRITE 4242 fe:00:10010769 0 EOF\n\
                    4: FLOCK  ADVISORY  WRITE 51 fe:01:10010769 0 EOF\n";
        assert_eq!(holder_in(list, 0xfe00, 10_010_769), Some(4242));
        assert_eq!(holder_in(list, 0xfe01, 10_010_769), Some(51));
        assert_eq!(holder_in(list, 0xfe00, 5), None);
    }
}
