//! A user's colour, the same wherever the user's name or avatar shows (list, overlay).

/// A user's hue (0–359) for their name and avatar. FNV-1a, folded, so neighbouring ids
/// ("sender1", "sender2") get distant hues.
pub fn hue(user_id: &str) -> u32 {
    let hash = user_id.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    (hash ^ (hash >> 15)) % 360
}
