//! Which process holds a reservation, and whether it is still alive, on one
//! machine: each opened store is a *boot* with a random id and holds an
//! exclusive lock (`flock`) on its own file `<database>.holders/<boot>.lock`
//! for as long as it lives. The kernel drops the lock when the process dies,
//! however it dies (`SIGKILL`, a crash), so a reservation whose holder's
//! file can be locked by someone else was left by a dead process and is
//! taken over at once; one whose holder's file is locked belongs to a live
//! process (this one or another on the same file) and is left alone until
//! its lease runs out. SQLite databases are shared only between processes
//! of one machine, where these locks hold.

use crate::store::{StoreError, StoreResult};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// This store's boot, holding its lock.
pub struct Holder {
    /// The boot id written into the reservations this store makes.
    pub me: String,
    dir: PathBuf,
    _lock: File,
}

impl Holder {
    /// Registers a new boot next to the database at `db`, and forgets the
    /// files of boots that are gone.
    pub fn register(db: &Path) -> StoreResult<Holder> {
        let mut name = db.as_os_str().to_owned();
        name.push(".holders");
        let dir = PathBuf::from(name);
        std::fs::create_dir_all(&dir)
            .map_err(|e| StoreError(format!("creating {}: {e}", dir.display())))?;
        let me = crate::ids::random_hex(16);
        // Locked under a name the sweep ignores, then renamed into place: a
        // `.lock` file is never seen unlocked while its boot lives.
        let fresh = dir.join(format!("{me}.new"));
        let path = dir.join(format!("{me}.lock"));
        let io = |what: &str, p: &Path, e: std::io::Error| {
            StoreError(format!("{what} {}: {e}", p.display()))
        };
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&fresh)
            .map_err(|e| io("creating", &fresh, e))?;
        lock.try_lock()
            .map_err(|e| StoreError(format!("locking {}: {e}", fresh.display())))?;
        std::fs::rename(&fresh, &path).map_err(|e| io("renaming", &fresh, e))?;
        let holder = Holder {
            me,
            dir,
            _lock: lock,
        };
        holder.sweep();
        Ok(holder)
    }

    /// Whether boot `id` is alive: this one, or a process holding its lock.
    /// A dead boot's file is removed.
    pub fn alive(&self, id: &str) -> bool {
        if id == self.me {
            return true;
        }
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return true; // not a boot id of ours: leave it to the lease
        }
        let path = self.dir.join(format!("{id}.lock"));
        let Ok(file) = OpenOptions::new().write(true).open(&path) else {
            return false; // no file: its boot is gone (and was swept)
        };
        match file.try_lock() {
            Ok(()) => {
                let _ = std::fs::remove_file(&path);
                false
            }
            Err(TryLockError::WouldBlock) => true,
            Err(TryLockError::Error(_)) => true,
        }
    }

    /// Removes the files of dead boots.
    fn sweep(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(id) = name.strip_suffix(".lock") {
                let _ = self.alive(id);
            }
        }
    }
}
