//! Service-generated ids: 12 characters `[A-Za-z0-9]` (reference §1.3, §2.6).

use std::collections::HashSet;
use std::sync::Mutex;

use rand::Rng;
use rand::distr::Alphanumeric;

/// Length of every id the service generates (reference §1.3).
pub const ID_LENGTH: usize = 12;

/// How many recent ids one generation of the uniqueness check remembers. Two generations are
/// kept, so at least this many of the most recent ids are guaranteed distinct from a new one;
/// older ones are 71 bits of CSPRNG output apart, which makes a repeat practically impossible.
const GENERATION_SIZE: usize = 1 << 20;

/// Hands out ids that are never reused: random from a CSPRNG, checked against recent ones.
///
/// Reference §3.3: the official SDK de-duplicates frames by `Id`, so a repeated id would make a
/// client silently drop a frame.
#[derive(Debug, Default)]
pub struct IdGenerator {
    /// Recently issued ids; a std `Mutex` because the critical section is a hash lookup and
    /// never spans an `.await`.
    issued: Mutex<Generations>,
}

#[derive(Debug, Default)]
struct Generations {
    current: HashSet<[u8; ID_LENGTH]>,
    previous: HashSet<[u8; ID_LENGTH]>,
}

impl IdGenerator {
    /// A new generator.
    pub fn new() -> Self {
        Self::default()
    }

    /// A fresh id, distinct from every recently issued one.
    pub fn next(&self) -> String {
        let mut rng = rand::rng();
        loop {
            let mut bytes = [0u8; ID_LENGTH];
            for byte in &mut bytes {
                *byte = rng.sample(Alphanumeric);
            }
            let mut issued = self
                .issued
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if issued.current.contains(&bytes) || issued.previous.contains(&bytes) {
                continue;
            }
            if issued.current.len() >= GENERATION_SIZE {
                issued.previous = std::mem::take(&mut issued.current);
            }
            issued.current.insert(bytes);
            // Alphanumeric samples are ASCII.
            return bytes.iter().map(|&byte| char::from(byte)).collect();
        }
    }
}

/// A random string of `length` characters `[A-Za-z0-9]` from the thread CSPRNG.
pub fn random_alphanumeric(length: usize) -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(length)
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_service_shape_and_do_not_repeat() {
        let generator = IdGenerator::new();
        let ids: Vec<String> = (0..10_000).map(|_| generator.next()).collect();
        for id in &ids {
            assert!(ivs_chat_protocol::messaging::is_service_id(id), "{id}");
        }
        let distinct: HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
    }
}
