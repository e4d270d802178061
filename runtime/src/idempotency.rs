//! Idempotency tokens: members with `@idempotencyToken` that the caller left
//! unset are filled with a fresh random (version 4) UUID when the request is
//! serialized, so that retries of one call carry the same token.

use std::cell::RefCell;

thread_local! {
    static FIXED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A new token: a random version 4 UUID, or the fixed token while
/// [`with_fixed_token`] runs on this thread.
pub fn token() -> String {
    if let Some(fixed) = FIXED.with(|f| f.borrow().clone()) {
        return fixed;
    }
    let mut b = [0u8; 16];
    for chunk in b.chunks_mut(8) {
        chunk.copy_from_slice(&fastrand::u64(..).to_le_bytes());
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Runs `f` with [`token`] returning `fixed` on this thread (for tests that
/// compare serialized requests).
pub fn with_fixed_token<R>(fixed: &str, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<String>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let previous = self.0.take();
            FIXED.with(|f| *f.borrow_mut() = previous);
        }
    }
    let previous = FIXED.with(|f| f.borrow_mut().replace(fixed.to_owned()));
    let _reset = Reset(previous);
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_v4_uuids_unless_fixed() {
        let t = token();
        assert_eq!(t.len(), 36);
        assert_eq!(&t[14..15], "4");
        assert!(matches!(&t[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(token(), t);
        let fixed = with_fixed_token("00000000-0000-4000-8000-000000000000", token);
        assert_eq!(fixed, "00000000-0000-4000-8000-000000000000");
        assert_ne!(token(), fixed);
    }
}
