//! Writing the document: every save merges rather than overwrites what another program
//! wrote, so no edit is lost and nobody is told "changed on disk, not saved".
//!
//! A save swaps the new file in (`RENAME_EXCHANGE`) and reads what it displaced. Under a
//! sound lock that is what the writer read; if someone deleted the lock file and another
//! writer slipped in, it is that writer's document, which is then merged back in and
//! written again. So even a broken lock loses nothing.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::digest::{Digest, Digester};
use super::merge::{self, MergeReport};
use super::splice::{
    Encoded, OnDisk, Spliced, encode_after, encode_chunked_into, splice, splice_on_disk,
};
use super::{Held, Pending, Store, StoreError, codec, decode, encode, guard, last_save};
use crate::model::{ModelError, Product};

/// Stories per chunk of an edit's encode on every core: about 1.6 MB of JSON, so a chunk's
/// buffer is small beside the file and a thread per chunk costs nothing beside its encode.
const STORIES_PER_CHUNK: usize = 2048;

/// Told what a save merged in from another program (the CLI says it on stderr).
pub type MergeHook = Arc<dyn Fn(&MergeReport) + Send + Sync>;

/// What a save of a product held in memory did.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The bytes now on disk: the base of the next save.
    pub bytes: Vec<u8>,
    /// `Some` when another program had changed the file: the merged product, now on disk,
    /// and what was merged. `None` when the product was saved as it was.
    pub merged: Option<(Product, MergeReport)>,
}

/// The bytes about to be written, and the merge they hold if there was one.
pub(super) struct Outgoing {
    body: Body,
    /// Whether the bytes are the canonical encoding of a product (what `encode` writes), so
    /// the note of the last save may name them. A restored backup is written as it was
    /// kept, which need not be.
    canonical: bool,
    merged: Option<(Product, MergeReport)>,
}

/// The bytes of a save: in one buffer, or as pieces around the file's own bytes.
enum Body {
    /// Shared with what a spliced save returns, so a large file is not copied to write it.
    Whole(Arc<Vec<u8>>),
    Spliced(Spliced),
    /// Pieces around the bytes of the file the edit read, copied from it as they are
    /// written, and the product they encode: should that file be written into in place
    /// meanwhile, the product's full encode (the same bytes) is written instead.
    OnDisk(Spliced, Box<Product>),
    /// A product encoded as it is written: nothing to copy from, and no buffer of the
    /// whole document beside the product.
    Streamed(Box<Product>),
}

impl Outgoing {
    /// A canonical encoding.
    pub(super) fn new(bytes: Arc<Vec<u8>>) -> Outgoing {
        Outgoing {
            body: Body::Whole(bytes),
            canonical: true,
            merged: None,
        }
    }

    /// Bytes to write as they are, never noted as canonical (a restored backup).
    pub(super) fn verbatim(bytes: Vec<u8>) -> Outgoing {
        Outgoing {
            canonical: false,
            ..Outgoing::new(Arc::new(bytes))
        }
    }

    fn spliced(spliced: Spliced) -> Outgoing {
        Outgoing {
            body: Body::Spliced(spliced),
            canonical: true,
            merged: None,
        }
    }

    /// A splice around the file the edit read, of `product`.
    fn on_disk(spliced: Spliced, product: &Product) -> Outgoing {
        Outgoing {
            body: Body::OnDisk(spliced, Box::new(product.clone())),
            ..Outgoing::new(Arc::default())
        }
    }

    /// `product`, encoded as it is written.
    fn streamed(product: &Product) -> Outgoing {
        Outgoing {
            body: Body::Streamed(Box::new(product.clone())),
            ..Outgoing::new(Arc::default())
        }
    }

    /// Writes the bytes into the new file, digesting them as they pass, with the note that
    /// they are canonical if so. Returns their digest.
    fn write_into(&self, file: &mut std::fs::File) -> std::io::Result<Digest> {
        use std::io::{Seek, Write};
        let mut written = Digester::default();
        let mut put = |part: &[u8]| {
            written.update(part);
            file.write_all(part)
        };
        match &self.body {
            Body::Whole(bytes) => put(bytes)?,
            Body::Spliced(spliced) => spliced.each(put)?,
            Body::OnDisk(spliced, product) => {
                let copied = spliced.each(&mut put);
                if copied.is_err() || !spliced.base_unchanged() {
                    file.set_len(0)?;
                    file.rewind()?;
                    written = Digester::default();
                    encode_chunked_into(product, STORIES_PER_CHUNK, &mut |part| {
                        written.update(part);
                        file.write_all(part)
                    })?;
                }
            }
            Body::Streamed(product) => encode_chunked_into(product, STORIES_PER_CHUNK, &mut put)?,
        }
        let digest = written.finish();
        if self.canonical {
            last_save::mark(file, digest);
        }
        Ok(digest)
    }

    /// The bytes in one buffer: a merge reads them as a document, and the TUI keeps them.
    fn bytes(&self) -> Arc<Vec<u8>> {
        match &self.body {
            Body::Whole(bytes) => Arc::clone(bytes),
            Body::Spliced(spliced) => Arc::new(spliced.to_vec().unwrap_or_default()),
            Body::OnDisk(_, product) | Body::Streamed(product) => Arc::new(encode(product)),
        }
    }
}

/// A temporary file written for a save, with the digest of the bytes in it.
type Written = (Pending, Digest);

/// What a save expects its exchange to displace: the digest of the bytes read under the
/// lock, and the version they hold, the base of the merge if another writer came in.
pub(super) struct Expected {
    digest: Digest,
    base: Base,
}

/// The version a save started from, as bytes or, where those were not kept, as the
/// product they decoded to.
enum Base {
    Bytes(Vec<u8>),
    Product(Box<Product>),
}

/// What [`Store::read_for_edit`] read: the product, the digest of the file's bytes, whether
/// the note of the last save names them, and the bytes to copy unchanged stories from.
struct Start {
    product: Product,
    digest: Digest,
    marked: bool,
    base: Option<EditBase>,
}

/// Where an edit copies its unchanged stories from: bytes held, or the file read.
enum EditBase {
    Memory(Encoded),
    Disk(OnDisk),
}

impl Expected {
    pub(super) fn bytes(bytes: Vec<u8>) -> Expected {
        Expected {
            digest: Digest::of(&bytes),
            base: Base::Bytes(bytes),
        }
    }
}

impl Store {
    /// Tells `hook` what a write merged in from another program.
    pub fn on_merge(mut self, hook: MergeHook) -> Store {
        self.merge_hook = Some(hook);
        self
    }

    /// Load, change, save as one locked step: the way every command writes. The change sees
    /// the file as it is now on disk, so concurrent writers never lose each other's edits.
    /// Nothing is written if the file is unreadable, breaks a rule, or the change is refused.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut Product) -> Result<T, ModelError>,
    ) -> Result<(T, Product), StoreError> {
        let mut lock = self.lock()?;
        let Start {
            mut product,
            digest,
            marked,
            base: copy_from,
        } = self.read_for_edit()?;
        self.refuse_invalid(&product)?;
        // The base of a merge should another writer come in: a copy of pointers, since
        // the stories are shared until changed.
        let base = product.clone();
        let out = change(&mut product).map_err(|source| StoreError::Model {
            path: self.path.clone(),
            source,
        })?;
        // The rules are checked again beside the encode: both only read the product, and
        // the bytes of a product that breaks a rule are dropped unwritten. Without known
        // places the encode runs on every core: finding the places in a file of unknown
        // form and checking that each story there is canonical (`Encoded::read`) costs
        // more than the encode it would save.
        let (problems, draft) = std::thread::scope(|scope| {
            let check = scope.spawn(|| product.problems());
            let spliced = match copy_from {
                Some(EditBase::Memory(encoded)) => {
                    splice(&product, &encoded).map(Outgoing::spliced)
                }
                Some(EditBase::Disk(file)) => splice_on_disk(&product, Arc::new(file))
                    .map(|spliced| Outgoing::on_disk(spliced, &product)),
                None => None,
            };
            let draft = spliced.unwrap_or_else(|| Outgoing::streamed(&product));
            let problems = check
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (problems, draft)
        });
        self.refuse_problems(problems)?;
        let keep = product.backups_kept();
        let expected = Expected {
            digest,
            base: Base::Product(Box::new(base)),
        };
        let Some(saved) = self.commit_changed(&mut lock, expected, draft, keep)? else {
            // Nothing changed, and the file is canonical: noted, the next edit splices.
            if !marked {
                last_save::mark_path(&self.path, digest);
            }
            return Ok((out, product));
        };
        let product = match saved.merged {
            Some((merged, report)) => {
                if let Some(hook) = &self.merge_hook {
                    hook(&report);
                }
                merged
            }
            None => product,
        };
        Ok((out, product))
    }

    /// The document an edit starts from, read under the lock. A large file in canonical
    /// layout is read in windows and never held whole (`codec/stream.rs`); when the note of
    /// the last save says it is what roadlog wrote, the edit copies its unchanged stories
    /// from it. Any other file is read whole and decoded, as a load does, for the same
    /// errors; with the note, its bytes are kept for the same copy.
    fn read_for_edit(&self) -> Result<Start, StoreError> {
        if let Ok((file, _)) = guard::open_regular(&self.path, self.max_bytes)
            && let Some(read) = codec::decode_streamed(&file, self.max_bytes)
        {
            let marked = last_save::is_marked_file(&file, read.digest);
            let base = read
                .layout
                .filter(|_| marked)
                .and_then(|layout| OnDisk::new(&read.product, layout, file, read.digest));
            return Ok(Start {
                product: read.product,
                digest: read.digest,
                marked,
                base: base.map(EditBase::Disk),
            });
        }
        let bytes = self.read_bytes()?;
        let product = decode(&self.path, &bytes)?;
        let digest = Digest::of(&bytes);
        let marked = last_save::is_marked(&self.path, digest);
        // Without the note the bytes are only compared from here on: the digest is enough.
        let base = if marked {
            Encoded::own(&product, &Arc::new(bytes))
        } else {
            None
        };
        Ok(Start {
            product,
            digest,
            marked,
            base: base.map(EditBase::Memory),
        })
    }

    /// `bytes`, read from the file and decoded to `product`, with where each story lies in
    /// them when the note of the last save says they are roadlog's canonical output: a save
    /// from them ([`save_merged_after`](Store::save_merged_after)) then encodes only the
    /// stories changed since, as a CLI edit does. Unplaced otherwise (every story encoded).
    pub fn placed(&self, product: &Product, bytes: Arc<Vec<u8>>) -> Encoded {
        let noted = last_save::is_marked(&self.path, Digest::of(&bytes));
        noted
            .then(|| Encoded::own(product, &bytes))
            .flatten()
            .unwrap_or_else(|| Encoded::unplaced(bytes))
    }

    /// Saves a product held in memory (the TUI's), made from the document as it was in
    /// `base` (the bytes last loaded or saved). If another program wrote the file since,
    /// its changes and ours are merged and the merge is saved.
    pub fn save_merged(&self, ours: &Product, base: &[u8]) -> Result<Saved, StoreError> {
        let base = Encoded::unplaced(Arc::new(base.to_vec()));
        let (saved, merged) = self.save_merged_after(ours, &base)?;
        Ok(Saved {
            bytes: saved.into_bytes(),
            merged,
        })
    }

    /// [`save_merged`](Store::save_merged) from the bytes last saved with where their
    /// stories lie, as this returns them: only the stories changed since are encoded again.
    /// After a merge the places are unknown, and the next save encodes every story.
    pub fn save_merged_after(
        &self,
        ours: &Product,
        base: &Encoded,
    ) -> Result<(Encoded, Option<(Product, MergeReport)>), StoreError> {
        let mut lock = self.lock()?;
        let on_disk = self.read_bytes()?;
        self.refuse_invalid(ours)?;
        let encoded = encode_after(ours, Some(base));
        let mut draft = Outgoing::new(Arc::clone(encoded.bytes()));
        if on_disk != **base.bytes() {
            let base = self.value_of(&self.path, base.bytes())?;
            draft = self.merged(base, draft, &on_disk)?;
        }
        if *draft.bytes() != on_disk {
            let expected = Expected::bytes(on_disk);
            draft = self.commit(&mut lock, expected, draft, ours.backups_kept())?;
        }
        let bytes = draft.bytes();
        Ok(match draft.merged {
            None => (encoded, None),
            merged @ Some(_) => (Encoded::unplaced(bytes), merged),
        })
    }

    /// Saves a product held in memory, but only if the file still holds exactly
    /// `expected`, the bytes last loaded or saved. Returns the new bytes.
    pub fn save_over(&self, product: &Product, expected: &[u8]) -> Result<Vec<u8>, StoreError> {
        let expected = Encoded::unplaced(Arc::new(expected.to_vec()));
        Ok(self.save_after(product, &expected)?.into_bytes())
    }

    /// [`save_over`](Store::save_over) from the bytes last saved with where their stories
    /// lie, as this returns them: only the stories changed since are encoded again.
    pub fn save_after(&self, product: &Product, expected: &Encoded) -> Result<Encoded, StoreError> {
        let mut lock = self.lock()?;
        let on_disk = self.read_bytes()?;
        if on_disk != **expected.bytes() {
            return Err(StoreError::ChangedOnDisk {
                path: self.path.clone(),
            });
        }
        self.refuse_invalid(product)?;
        let encoded = encode_after(product, Some(expected));
        if **encoded.bytes() == on_disk {
            return Ok(encoded);
        }
        let written = self.commit(
            &mut lock,
            Expected::bytes(on_disk),
            Outgoing::new(Arc::clone(encoded.bytes())),
            product.backups_kept(),
        )?;
        Ok(match written.merged {
            // `commit` merges only when the lock was broken; then the stories moved.
            Some(_) => Encoded::unplaced(written.bytes()),
            None => encoded,
        })
    }

    /// Writes `draft` over a document that held `expected` when it was read, until what
    /// the write displaced is what was expected. Each time it is not (the lock file was
    /// deleted and another writer came in), that writer's document is merged in and the
    /// merge written in turn. First the version on disk is kept as the newest of the
    /// last `keep` backups (`backups.rs`).
    pub(super) fn commit(
        &self,
        lock: &mut Held,
        expected: Expected,
        draft: Outgoing,
        keep: usize,
    ) -> Result<Outgoing, StoreError> {
        let first = self.write(&draft)?;
        self.commit_written(lock, expected, draft, first, keep)
    }

    /// [`Store::commit`], unless `draft` turns out to be what the file holds: then `None`,
    /// with no backup taken and nothing replaced. The test is the digest taken as the
    /// bytes are written, so a draft encoded as it is written is never held whole to
    /// tell, and a spliced one is read once, not twice.
    fn commit_changed(
        &self,
        lock: &mut Held,
        expected: Expected,
        draft: Outgoing,
        keep: usize,
    ) -> Result<Option<Outgoing>, StoreError> {
        match self.write_unless(&draft, expected.digest)? {
            Some(first) => self
                .commit_written(lock, expected, draft, first, keep)
                .map(Some),
            None => Ok(None),
        }
    }

    /// [`Store::write`], or `None` if what it wrote digests to `same`.
    fn write_unless(&self, draft: &Outgoing, same: Digest) -> Result<Option<Written>, StoreError> {
        let mut wrote = None;
        let pending = Pending::write_unless_same(&self.real_path(), |file| {
            let digest = draft.write_into(file)?;
            wrote = Some(digest);
            Ok(digest == same)
        })
        .map_err(|e| self.io("save", e))?;
        Ok(pending.zip(wrote))
    }

    /// The temporary file of a save's write, with the digest of what it holds.
    fn write(&self, draft: &Outgoing) -> Result<Written, StoreError> {
        let mut wrote = Digest::of(&[]);
        let pending = Pending::write_with(&self.real_path(), |file| {
            wrote = draft.write_into(file)?;
            Ok(())
        })
        .map_err(|e| self.io("save", e))?;
        Ok((pending, wrote))
    }

    /// [`Store::commit`] after the first write.
    fn commit_written(
        &self,
        lock: &mut Held,
        expected: Expected,
        draft: Outgoing,
        first: Written,
        keep: usize,
    ) -> Result<Outgoing, StoreError> {
        let linked = self.keep_backup(keep)?;
        let written = self.replace(lock, expected, draft, first, keep);
        if let (Err(_), Some(link)) = (&written, linked) {
            // The save failed: while the backup is still a second name of the document's
            // own file, a tool writing into that file would change the backup too. The
            // document keeps those bytes, so the name can go.
            if super::guard::same_file(&link, &self.real_path()) {
                let _ = std::fs::remove_file(&link);
            }
        }
        written
    }

    /// [`Store::commit`] after the backup: the exchange and the merges, each merge written
    /// in turn (`first` is the draft's own first write). A merge written after an exchange
    /// replaces the version this save put on the disk, which a program that takes no lock
    /// may have written into since: that version is kept as a backup first, so whatever
    /// the merge cannot tell from ours is never lost without a copy.
    fn replace(
        &self,
        lock: &mut Held,
        mut expected: Expected,
        mut draft: Outgoing,
        first: Written,
        keep: usize,
    ) -> Result<Outgoing, StoreError> {
        let mut exchanged = false;
        let mut first = Some(first);
        loop {
            let (pending, wrote) = match first.take() {
                Some(first) => first,
                None => self.write(&draft)?,
            };
            if !lock.still_ours() {
                drop(pending);
                *lock = self.lock()?;
                let now = self.read_bytes()?;
                if Digest::of(&now) != expected.digest {
                    draft = self.merged(self.base_value(&expected.base)?, draft, &now)?;
                    expected = Expected::bytes(now);
                }
                continue;
            }
            if exchanged {
                self.keep_backup(keep)?;
            }
            let Some(displaced) = pending.exchange().map_err(|e| self.io("save", e))? else {
                return Ok(draft);
            };
            exchanged = true;
            if displaced.digest().map_err(|e| self.io("save", e))? == expected.digest {
                return Ok(draft);
            }
            // Their document is off the disk now; ours is on it. Put both back. It came
            // from a program that takes no lock (an editor, a script), or from a writer
            // that came in while the lock file was gone: only then is the lock taken
            // again, since taking a lock still ours would wait for ourselves. Whatever
            // fails, their document goes back on the disk.
            let theirs = displaced.read().map_err(|e| self.io("save", e))?;
            drop(displaced);
            let written = draft.bytes().to_vec();
            let held = if lock.still_ours() {
                Ok(())
            } else {
                self.lock().map(|again| *lock = again)
            };
            draft = held
                .and_then(|()| self.base_value(&expected.base))
                .and_then(|base| self.merged(base, draft, &theirs))
                .or_else(|e| {
                    self.write_atomically(&theirs)?;
                    Err(e)
                })?;
            // What the exchange put on the disk, by the digest taken as it was written.
            expected = Expected {
                digest: wrote,
                base: Base::Bytes(written),
            };
        }
    }

    fn base_value(&self, base: &Base) -> Result<Value, StoreError> {
        match base {
            Base::Bytes(bytes) => self.value_of(&self.path, bytes),
            Base::Product(product) => Ok(serde_json::to_value(product).unwrap_or(Value::Null)),
        }
    }

    /// `ours` (made from `base`) merged with `theirs`, checked against every rule.
    fn merged(&self, base: Value, ours: Outgoing, theirs: &[u8]) -> Result<Outgoing, StoreError> {
        let path = self.path.as_path();
        let (product, mut report) = self.merge_values(
            base,
            self.value_of(path, &ours.bytes())?,
            self.value_of(path, theirs)?,
        )?;
        let problems = product.problems();
        if !problems.is_empty() {
            return Err(StoreError::MergeBreaksRules {
                path: self.path.clone(),
                problems,
            });
        }
        if let Some((_, earlier)) = ours.merged {
            report.absorb(earlier);
        }
        let bytes = Arc::new(encode(&product));
        Ok(Outgoing {
            merged: Some((product, report)),
            ..Outgoing::new(bytes)
        })
    }

    /// The three-way merge of three encoded documents, each with the file it came from for
    /// errors (no base: nothing in common), as a product with its id counters past every id.
    /// Not checked against the rules.
    pub(super) fn merge_bytes(
        &self,
        base: Option<(&Path, &[u8])>,
        ours: (&Path, &[u8]),
        theirs: (&Path, &[u8]),
    ) -> Result<(Product, MergeReport), StoreError> {
        let base = match base {
            Some((path, bytes)) => self.value_of(path, bytes)?,
            None => Value::Object(serde_json::Map::new()),
        };
        self.merge_values(
            base,
            self.value_of(ours.0, ours.1)?,
            self.value_of(theirs.0, theirs.1)?,
        )
    }

    /// A version as the merge sees it: through the model, so fields a hand-written file
    /// leaves out read as their defaults on every side rather than as changes.
    fn value_of(&self, path: &Path, bytes: &[u8]) -> Result<Value, StoreError> {
        let product = decode(path, bytes)?;
        Ok(serde_json::to_value(&product).unwrap_or(Value::Null))
    }

    /// The three-way merge of three versions as values, as a product with its id counters
    /// past every id. Not checked against the rules.
    fn merge_values(
        &self,
        base: Value,
        ours: Value,
        theirs: Value,
    ) -> Result<(Product, MergeReport), StoreError> {
        let now = Utc::now();
        let merged = merge::merge(
            &base,
            &ours,
            &theirs,
            DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now),
        );
        let mut product: Product =
            serde_json::from_value(merged.document).map_err(|e| StoreError::Merge {
                path: self.path.clone(),
                why: e.to_string(),
            })?;
        product.repair_counters();
        Ok((product, merged.report))
    }
}

#[cfg(test)]
mod tests;
