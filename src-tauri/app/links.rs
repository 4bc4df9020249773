//! Links in messages: opened in the system's browser, never in the app's webview.

use chatdeck_ipc::command::OpenLink;
use chatdeck_ipc::link;

use super::App;
use super::desktop::DesktopRequest;
use crate::error::AppError;

impl App {
    /// See [`OpenLink`]. The UI shows only openable links, but the check is here: whatever
    /// the webview asks, nothing but an http(s) URL without hidden characters reaches the
    /// browser.
    pub async fn open_link(&self, request: OpenLink) -> Result<(), AppError> {
        if !link::is_openable(&request.url) {
            return Err(AppError::Invalid(
                "only http and https links without hidden characters open".into(),
            ));
        }
        self.desktop
            .request(DesktopRequest::OpenLink { url: request.url })
            .map_err(AppError::Unavailable)
    }
}
