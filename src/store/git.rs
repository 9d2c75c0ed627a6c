//! Git as the way teams scale out: the merge driver registered in a repository
//! (`roadlog git-setup`), the driver git runs on a merge (`roadlog merge-driver %O %A %B`),
//! and the same merge on the three index stages of a document git merged as text
//! (`roadlog git-resolve`). Git is run as a program with arguments, never through a shell.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::merge::MergeReport;
use super::{Store, StoreError, atomic};
use crate::model::{Problem, Product};

/// The name of the driver in `.git/config` and `.gitattributes`.
const DRIVER: &str = "roadlog";

/// What a merge of three versions came to.
#[derive(Debug, Clone)]
pub struct GitMerge {
    pub report: MergeReport,
    /// Rules the merged document breaks (one blocked-by link from each side making a cycle);
    /// it is written all the same, for the person finishing the merge.
    pub problems: Vec<Problem>,
}

impl GitMerge {
    /// Whether git may take the result as is: no conflict left and no rule broken.
    pub fn is_clean(&self) -> bool {
        self.report.conflicts.is_empty() && self.problems.is_empty()
    }
}

/// What `git_resolve` did besides merging.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub merge: GitMerge,
    /// True when the merge was clean and the document was staged with `git add`.
    pub staged: bool,
}

impl Store {
    /// Registers roadlog's merge driver for this document in its repository: a line in
    /// `.gitattributes`, the driver in `.git/config` (running `program`), and roadlog's own
    /// side files in `.gitignore`. Returns one line per thing it wrote; none when all was
    /// already there.
    pub fn git_setup(&self, program: &Path) -> Result<Vec<String>, StoreError> {
        self.refuse_read_only()?;
        let doc = self.real_path();
        let (dir, name) = self.folder_and_name();
        let top = PathBuf::from(self.git(&dir, &["rev-parse", "--show-toplevel"])?.trim());
        let rel = self.relative(&top, &doc)?;
        let rel_dir = rel
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"));
        let mut wrote = Vec::new();

        let attributes = format!("/{rel} merge={DRIVER}");
        if self.add_lines(
            &top.join(".gitattributes"),
            std::slice::from_ref(&attributes),
            None,
        )? {
            wrote.push(format!("added to .gitattributes: {attributes}"));
        }
        let command = format!("{} merge-driver %O %A %B", shell_quoted(program));
        let settings = [
            (
                "name",
                "roadlog: merge backlog documents by entity and field",
            ),
            ("driver", command.as_str()),
        ];
        for (key, value) in settings {
            let key = format!("merge.{DRIVER}.{key}");
            let now = self.git(&dir, &["config", "--local", "--get", &key]).ok();
            if now.as_deref().map(str::trim) != Some(value) {
                self.git(&dir, &["config", "--local", &key, value])?;
                wrote.push(format!("set {key} in .git/config: {value}"));
            }
        }
        let ignored: Vec<String> = side_file_patterns(&name)
            .iter()
            .map(|p| format!("/{rel_dir}{p}"))
            .collect();
        let header = "# roadlog's own files beside the document (roadlog git-setup)";
        if self.add_lines(&top.join(".gitignore"), &ignored, Some(header))? {
            wrote.push(format!("added to .gitignore: {}", ignored.join(" ")));
        }
        Ok(wrote)
    }

    /// The merge git runs as this document's driver: `self` is the current version (`%A`),
    /// which receives the result. Takes no lock: `%A` is git's own temporary file.
    pub fn merge_driver(&self, base: &Path, theirs: &Path) -> Result<GitMerge, StoreError> {
        self.refuse_read_only()?;
        let read = |path: &Path| self.at_same_limits(path).read_bytes();
        let (b, o, t) = (read(base)?, self.read_bytes()?, read(theirs)?);
        let (product, merge) = self.merge_three((base, &b), (&self.path, &o), (theirs, &t))?;
        self.write_atomically(&super::encode(&product))?;
        Ok(merge)
    }

    /// Merges the three versions git keeps in its index for this conflicted document (base,
    /// ours, theirs: `git show :1:`, `:2:`, `:3:`) and writes the result over the file with
    /// git's conflict markers; stages it when nothing is left to settle.
    pub fn git_resolve(&self) -> Result<Resolved, StoreError> {
        let _lock = self.lock()?;
        let (dir, name) = self.folder_and_name();
        let stage = |n: u8| self.git_bytes(&dir, &["show", &format!(":{n}:./{name}")]);
        let (Ok(ours), Ok(theirs)) = (stage(2), stage(3)) else {
            return Err(StoreError::NotConflicted {
                path: self.path.clone(),
            });
        };
        // A file both branches added has no base.
        let base = stage(1).unwrap_or_default();
        let at = |n: u8| PathBuf::from(format!(":{n}:{name}"));
        let (b, o, t) = (at(1), at(2), at(3));
        let (product, merge) = self.merge_three((&b, &base), (&o, &ours), (&t, &theirs))?;
        self.write_atomically(&super::encode(&product))?;
        let staged = merge.is_clean();
        if staged {
            self.git(&dir, &["add", "--", &name])?;
        }
        Ok(Resolved { merge, staged })
    }

    /// Merges three documents (an empty base: none in common), checking the result.
    fn merge_three(
        &self,
        base: (&Path, &[u8]),
        ours: (&Path, &[u8]),
        theirs: (&Path, &[u8]),
    ) -> Result<(Product, GitMerge), StoreError> {
        let base = (!base.1.iter().all(u8::is_ascii_whitespace)).then_some(base);
        let (product, report) = self.merge_bytes(base, ours, theirs)?;
        let problems = product.problems();
        Ok((product, GitMerge { report, problems }))
    }

    fn folder_and_name(&self) -> (PathBuf, String) {
        let doc = self.real_path();
        let dir = match doc.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = doc
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (dir, name)
    }

    /// The document's path inside the repository, with `/` between folders.
    fn relative(&self, top: &Path, doc: &Path) -> Result<String, StoreError> {
        let doc = fs::canonicalize(doc.parent().unwrap_or(Path::new(".")))
            .map(|d| d.join(doc.file_name().unwrap_or_default()))
            .map_err(|e| self.io("find the folder of", e))?;
        let top = fs::canonicalize(top).map_err(|e| self.io("find the repository of", e))?;
        let rel = doc
            .strip_prefix(&top)
            .map_err(|_| StoreError::NotInRepository {
                path: self.path.clone(),
            })?;
        Ok(rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"))
    }

    /// Appends the lines of `wanted` that `file` lacks (after `header`, the first time).
    /// Returns whether it wrote anything.
    fn add_lines(
        &self,
        file: &Path,
        wanted: &[String],
        header: Option<&str>,
    ) -> Result<bool, StoreError> {
        let io = |action, source| StoreError::Io {
            action,
            path: file.to_path_buf(),
            source,
        };
        let text = match fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(io("read", e)),
        };
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|w| !text.lines().any(|l| l.trim() == w.as_str()))
            .collect();
        if missing.is_empty() {
            return Ok(false);
        }
        let mut out = text.clone();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if let Some(header) = header.filter(|h| !text.lines().any(|l| l.trim() == *h)) {
            out.push_str(header);
            out.push('\n');
        }
        for line in missing {
            out.push_str(line);
            out.push('\n');
        }
        atomic::replace(file, out.as_bytes()).map_err(|e| io("write", e))?;
        Ok(true)
    }

    fn git(&self, dir: &Path, args: &[&str]) -> Result<String, StoreError> {
        self.git_bytes(dir, args)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    fn git_bytes(&self, dir: &Path, args: &[&str]) -> Result<Vec<u8>, StoreError> {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .map_err(|e| self.io("run git for", e))?;
        if out.status.success() {
            return Ok(out.stdout);
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("not a git repository") {
            return Err(StoreError::NotInRepository {
                path: self.path.clone(),
            });
        }
        Err(StoreError::Git {
            path: self.path.clone(),
            command: format!("git {}", args.join(" ")),
            why: stderr.trim().to_string(),
        })
    }
}

/// The files roadlog writes beside a document named `name`, as `.gitignore` patterns: the
/// lock file, temporary files, backups and recovery files.
pub fn side_file_patterns(name: &str) -> [String; 4] {
    [
        format!("{name}.lock"),
        format!(".{name}.roadlog-*.tmp"),
        format!(".{name}.backups/"),
        // `NAME.recovery`, and `NAME-2.recovery`, ... when that one was taken.
        format!("{name}*.recovery"),
    ]
}

/// `path` for a POSIX shell (git runs a driver through one): in single quotes.
fn shell_quoted(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', r"'\''"))
}
