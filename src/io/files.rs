//! Writing files the user keeps (new actions, reports): whole or not at
//! all, with the permissions any other program would give them.

use std::path::{Path, PathBuf};

use thiserror::Error;

/// What to do when the target file already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    /// Replace it (reports, `--force`).
    Replace,
    /// Leave it and fail, decided at the rename itself, so a file created
    /// between a check and the write is never clobbered.
    Keep,
}

/// Why a file was not written.
#[derive(Debug, Error)]
pub(crate) enum WriteError {
    /// `Existing::Keep` and the file is there.
    #[error("{} already exists; nothing written (use --force to replace it)", .0.display())]
    Exists(PathBuf),
    /// The path is a device, FIFO, folder or link: renaming over it
    /// would replace it (as root, `/dev/null` itself) with a regular file.
    #[error("{} is not a regular file; nothing written (write reports to a file path)", .0.display())]
    NotAFile(PathBuf),
    /// Any other failure.
    #[error("could not write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// renamed into place, so readers never see a partial file. The file gets
/// mode 0666 less the umask on Unix, like a file made by the shell (a
/// temporary file alone would be 0600).
pub(crate) fn write_atomically(
    path: &Path,
    bytes: &[u8],
    existing: Existing,
) -> Result<(), WriteError> {
    let failed = |source: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file()) {
        return Err(WriteError::NotAFile(path.to_path_buf()));
    }
    std::fs::create_dir_all(&dir).map_err(failed)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".actionctl-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(&dir).map_err(failed)?;
    std::io::Write::write_all(&mut temp, bytes).map_err(failed)?;
    temp.as_file().sync_all().map_err(failed)?;
    let persisted = match existing {
        Existing::Replace => temp.persist(path),
        Existing::Keep => temp.persist_noclobber(path),
    };
    match persisted {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(WriteError::Exists(path.to_path_buf()))
        }
        Err(e) => Err(failed(e.error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_refuses_an_existing_file_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        write_atomically(&path, b"first", Existing::Keep).unwrap();
        let err = write_atomically(&path, b"second", Existing::Keep).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_atomically(&path, b"third", Existing::Replace).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"third");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn what_is_not_a_regular_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("reports");
        std::fs::create_dir(&folder).unwrap();
        let err = write_atomically(&folder, b"x", Existing::Replace).unwrap_err();
        assert!(matches!(err, WriteError::NotAFile(_)), "{err}");
        assert!(folder.is_dir());
        #[cfg(unix)]
        {
            let link = dir.path().join("link.xml");
            std::os::unix::fs::symlink(dir.path().join("target.xml"), &link).unwrap();
            let err = write_atomically(&link, b"x", Existing::Replace).unwrap_err();
            assert!(matches!(err, WriteError::NotAFile(_)), "{err}");
            assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        }
    }
}
