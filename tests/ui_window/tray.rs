//! The tray icon as a desktop panel shows it. The test plays the panel: a window that owns the
//! display's system-tray selection and embeds each icon that asks to dock (the freedesktop
//! System Tray protocol over XEmbed, which GTK's status icons speak when no StatusNotifier
//! host is on the bus). Chatdeck's icon docks and is drawn; its right button opens the menu;
//! the picture of both goes to `target/ui-screenshots/tray.png`.

use std::collections::HashSet;
use std::process::Command;
use std::time::{Duration, Instant};

use x11rb::CURRENT_TIME;
use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    AtomEnum, ClientMessageEvent, ConfigureWindowAux, ConnectionExt as _, CreateWindowAux,
    EventMask, ImageFormat, MapState, PropMode, SetMode, WindowClass,
};
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

use super::desktop::atom;
use super::*;
use support::window::logged;

/// Where the panel sits on the screen, and how big it and an icon are.
const PANEL: (i16, i16, u16, u16) = (900, 40, 160, 40);
const ICON: u16 = 32;
/// The request an icon sends to dock (`SYSTEM_TRAY_REQUEST_DOCK`).
const REQUEST_DOCK: u32 = 0;
/// The XEmbed message telling a client it has been embedded.
const XEMBED_EMBEDDED_NOTIFY: u32 = 0;

/// A system tray on the display: a panel window owning `_NET_SYSTEM_TRAY_S0`.
struct Panel {
    x: RustConnection,
    root: u32,
    window: u32,
}

impl Panel {
    /// Puts a panel on `display` and tells running clients a tray is there (the `MANAGER`
    /// broadcast that GTK's status icons wait for).
    fn start(display: &str) -> Panel {
        let (x, screen) = RustConnection::connect(Some(display)).expect("connect to the display");
        let root = x.setup().roots[screen].root;
        let window = x.generate_id().expect("an id");
        let (left, top, width, height) = PANEL;
        x.create_window(
            x11rb::COPY_DEPTH_FROM_PARENT,
            window,
            root,
            left,
            top,
            width,
            height,
            0,
            WindowClass::INPUT_OUTPUT,
            x11rb::COPY_FROM_PARENT,
            &CreateWindowAux::new()
                .background_pixel(0x00_2b_2d_31)
                .override_redirect(1)
                .event_mask(EventMask::SUBSTRUCTURE_NOTIFY | EventMask::STRUCTURE_NOTIFY),
        )
        .expect("create the panel");
        x.map_window(window).expect("show the panel");
        let selection = atom(&x, &format!("_NET_SYSTEM_TRAY_S{screen}"));
        x.change_property32(
            PropMode::REPLACE,
            window,
            atom(&x, "_NET_SYSTEM_TRAY_ORIENTATION"),
            AtomEnum::CARDINAL,
            &[0],
        )
        .expect("orientation");
        x.set_selection_owner(window, selection, CURRENT_TIME)
            .expect("own the tray selection");
        let manager = ClientMessageEvent::new(
            32,
            root,
            atom(&x, "MANAGER"),
            [CURRENT_TIME, selection, window, 0, 0],
        );
        x.send_event(false, root, EventMask::STRUCTURE_NOTIFY, manager)
            .expect("send")
            .check()
            .expect("the tray is announced");
        Panel { x, root, window }
    }

    /// Waits for an icon to ask to dock, and embeds it.
    fn dock(&self) -> u32 {
        let opcode = atom(&self.x, "_NET_SYSTEM_TRAY_OPCODE");
        let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
        let icon = loop {
            match self.x.poll_for_event().expect("events") {
                Some(Event::ClientMessage(message))
                    if message.type_ == opcode && message.data.as_data32()[1] == REQUEST_DOCK =>
                {
                    break message.data.as_data32()[2];
                }
                Some(_) => {}
                None => {
                    assert!(Instant::now() < deadline, "no tray icon asked to dock");
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
        };
        // In the save set, so the icon outlives this panel as it would a panel that quits.
        self.x
            .change_save_set(SetMode::INSERT, icon)
            .expect("save set");
        self.x
            .reparent_window(icon, self.window, 4, 4)
            .expect("embed");
        self.x
            .configure_window(
                icon,
                &ConfigureWindowAux::new()
                    .width(u32::from(ICON))
                    .height(u32::from(ICON)),
            )
            .expect("size");
        self.x.map_window(icon).expect("show the icon");
        let embedded = ClientMessageEvent::new(
            32,
            icon,
            atom(&self.x, "_XEMBED"),
            [CURRENT_TIME, XEMBED_EMBEDDED_NOTIFY, 0, self.window, 0],
        );
        self.x
            .send_event(false, icon, EventMask::NO_EVENT, embedded)
            .expect("send")
            .check()
            .expect("the icon is told it is embedded");
        icon
    }

    /// The screen's pixels in `(x, y, width, height)`, as RGB.
    fn pixels(&self, (left, top, width, height): (i16, i16, u16, u16)) -> Vec<u8> {
        let image = self
            .x
            .get_image(
                ImageFormat::Z_PIXMAP,
                self.root,
                left,
                top,
                width,
                height,
                !0,
            )
            .expect("ask")
            .reply()
            .expect("the screen's pixels");
        // 24-bit depth in 32-bit units, little-endian: blue, green, red, unused.
        image
            .data
            .chunks_exact(4)
            .flat_map(|pixel| [pixel[2], pixel[1], pixel[0]])
            .collect()
    }

    /// The pop-up windows shown on the screen now (GTK also maps helper windows off-screen,
    /// at -100,-100, which are not).
    fn shown_windows(&self) -> HashSet<u32> {
        let tree = self
            .x
            .query_tree(self.root)
            .expect("ask")
            .reply()
            .expect("the windows");
        tree.children
            .into_iter()
            .filter(|&id| id != self.window)
            .filter(|&id| {
                self.x
                    .get_window_attributes(id)
                    .expect("ask")
                    .reply()
                    .is_ok_and(|a| a.map_state == MapState::VIEWABLE && a.override_redirect)
            })
            .filter(|&id| {
                let (left, top, width, height) = self.area(id);
                left >= 0 && top >= 0 && width > 1 && height > 1
            })
            .collect()
    }

    /// Where `id` is on the screen and how big.
    fn area(&self, id: u32) -> (i16, i16, u16, u16) {
        let size = self.x.get_geometry(id).expect("ask").reply().expect("size");
        let at = self
            .x
            .translate_coordinates(id, self.root, 0, 0)
            .expect("ask")
            .reply()
            .expect("position");
        (at.dst_x, at.dst_y, size.width, size.height)
    }
}

/// Writes RGB `pixels` of `width` × `height` as a PNG screenshot named `name`.
fn save_png(name: &str, width: u16, height: u16, pixels: &[u8]) {
    let path = support::webdriver::screenshot_dir().join(format!("{name}.png"));
    let file = std::fs::File::create(&path).expect("create the picture");
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width.into(), height.into());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(pixels))
        .expect("write the picture");
}

/// The smallest area holding both `a` and `b`.
fn union(a: (i16, i16, u16, u16), b: (i16, i16, u16, u16)) -> (i16, i16, u16, u16) {
    let left = a.0.min(b.0);
    let top = a.1.min(b.1);
    let right = (i32::from(a.0) + i32::from(a.2)).max(i32::from(b.0) + i32::from(b.2));
    let bottom = (i32::from(a.1) + i32::from(a.3)).max(i32::from(b.1) + i32::from(b.3));
    let size = |from: i16, to: i32| u16::try_from(to - i32::from(from)).expect("on the screen");
    (left, top, size(left, right), size(top, bottom))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tray_icon_docks_in_a_panel_is_drawn_and_opens_its_menu() {
    let window = Window::open_on_session_bus().await;
    let client = &window.client;
    demo_tab(client).await;
    connected(client).await;
    logged(window.home.path(), "Chatdeck started").await;
    let panel = Panel::start(&window.display().expect("a display"));
    let icon = panel.dock();

    // Drawn: the icon's square is no longer the panel's plain background.
    let square = (PANEL.0 + 4, PANEL.1 + 4, ICON, ICON);
    let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
    loop {
        let pixels = panel.pixels(square);
        let first = &pixels[..3];
        if pixels.chunks_exact(3).any(|pixel| pixel != first) {
            break;
        }
        assert!(Instant::now() < deadline, "the tray icon was never drawn");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The right button opens the menu: a new pop-up window beside the panel.
    let before = panel.shown_windows();
    let (x, y) = (
        i32::from(square.0) + i32::from(ICON / 2),
        i32::from(square.1) + i32::from(ICON / 2),
    );
    let clicked = Command::new("xdotool")
        .args(["mousemove", &x.to_string(), &y.to_string(), "click", "3"])
        .envs(window.app_environment())
        .status()
        .expect("xdotool runs");
    assert!(clicked.success(), "xdotool: {clicked}");
    let deadline = Instant::now() + support::webdriver::UI_TIMEOUT;
    let menu = loop {
        if let Some(&menu) = panel.shown_windows().difference(&before).next() {
            break menu;
        }
        assert!(Instant::now() < deadline, "the tray icon opened no menu");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // Let the menu draw its items before the picture is taken.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let area = union(panel.area(panel.window), panel.area(menu));
    save_png("tray", area.2, area.3, &panel.pixels(area));
    assert_ne!(icon, menu);
    window.close().await;
}
