# The shell: words it says itself (tray, notifications, native dialogs) and the reasons and
# errors it sends the UI as message ids.

## Why a room's connection changed (its badge)

shell-state-kicked = kicked by a moderator: { $reason }
