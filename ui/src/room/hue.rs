//! A user's colour, the same wherever the user's name or avatar shows (list, overlay).

use chatdeck_ipc::model::Sender;

/// A user's hue (0–359) for their name and avatar. FNV-1a, folded, so neighbouring ids
/// ("sender1", "sender2") get distant hues.
pub fn hue(user_id: &str) -> u32 {
    let hash = user_id.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    (hash ^ (hash >> 15)) % 360
}

/// The sender's hue: the one of the color their token names, else the one of their id. Only
/// the hue is taken: the theme keeps the lightness that makes names readable.
pub fn sender_hue(sender: &Sender) -> u32 {
    sender
        .color_hue()
        .map_or_else(|| hue(&sender.user_id), u32::from)
}
