# The shell: words it says itself (tray, notifications, native dialogs) and the reasons and
# errors it sends the UI as message ids.

## Why a room's connection changed (its badge)

shell-state-disconnected = disconnected
shell-state-server-closed = the chat service closed the connection
shell-state-kicked = kicked by a moderator: { $reason }
shell-state-kicked-silently = kicked by a moderator
shell-state-room-not-found = the room does not exist
shell-state-cannot-connect = cannot connect: { $error }
shell-state-no-token = cannot get a chat token: { $error }
shell-state-connection-lost = connection lost ({ $error }); reconnecting
shell-state-session-expired = the chat session expired; reconnecting
shell-state-server-restarting = the chat service is restarting; reconnecting

## Why the connection was down (a gap marker in the room)

shell-gap-closed = the connection closed
shell-gap-connection-lost = connection lost ({ $error })
shell-gap-session-expired = the chat session expired
shell-gap-server-restarting = the chat service is restarting

## Notices in the room

shell-notice-disconnected-by-you = { $user } was disconnected by you
shell-notice-disconnected-by-you-because = { $user } was disconnected by you: { $reason }
shell-notice-disconnected = { $user } was disconnected by a moderator
shell-notice-disconnected-because = { $user } was disconnected by a moderator: { $reason }

## The room's moderation log

shell-log-you-deleted = You deleted a message by { $author }
shell-log-you-deleted-because = You deleted a message by { $author }: { $reason }
shell-log-deleted = A moderator deleted a message by { $author }
shell-log-deleted-because = A moderator deleted a message by { $author }: { $reason }
shell-log-someone = someone
shell-log-delete-failed = Deleting a message { $target } failed: { $error }
shell-log-disconnect-failed = Disconnecting { $target } failed: { $error }

## Why a message was not sent (its row)

shell-send-review = refused by the room's message review
shell-send-review-because = refused by the room's message review: { $reason }
shell-send-refused = the chat service refused it ({ $code }): { $error }
shell-send-not-sent = not sent: { $error }
shell-send-timeout = no answer from the chat service; it may have been delivered
shell-send-connection-lost = the connection closed before the chat service answered; it may have been delivered
shell-send-not-connected = not sent: the room is disconnected

## Errors: text from outside Chatdeck, said as it came

shell-as-is = { $text }

## Errors: tabs, rooms and messages

shell-error-no-tab = no tab { $tab }
shell-error-room-arn = enter a room ARN
shell-error-split-size = a split view shows 2 to { $max } rooms (asked for { $count })
shell-error-split-twice = the tab { $tab } is in the split view twice
shell-error-message-empty = the message is empty
shell-error-reply-id = the message being answered has no valid id
shell-error-ignore-nobody = there is no user to ignore
shell-error-demo-audience = only rooms of the Local profile have a demo audience
shell-error-chat-delay = a chat delay is at most { $max } seconds
shell-error-session-stopped = the tab's session has stopped
shell-error-lost-line = the history store lost a line
shell-error-retry-own = only a failed message of yours can be retried
shell-error-message-gone = that message is no longer here
shell-error-not-delivered = that message has not been delivered yet
shell-error-not-failed = no failed request has this id
shell-error-room-disconnected = the room is disconnected
shell-error-room-stopped = the room has stopped
shell-error-invalid-endpoint = invalid endpoint { $input }: { $problem }

## Errors: moderation

shell-error-purge-count = a purge deletes between 1 and { $max } messages
shell-error-purge-delete = this tab's token cannot delete messages
shell-error-purge-disconnect = this tab's token cannot disconnect users
shell-error-purge-running = a purge of { $user } is already running here
shell-error-purge-ended = that purge has already ended

## Where profile secrets are kept (the profile editor)

shell-keychain-secret-service = the desktop keyring (Secret Service)
shell-keychain-kernel = the kernel keyring: no desktop keyring (Secret Service) is running, so secrets are kept only until the computer restarts
shell-keychain-windows = the Windows Credential Manager
shell-keychain-macos = the macOS Keychain
shell-keychain-system = the system keychain

## Checking a profile

shell-check-refused = the control plane refused: { $error }
shell-check-no-rooms = connected; the account has no rooms yet
shell-check-room-arn = enter a room ARN to ask the token endpoint for a token
shell-check-rooms = connected: { $count } room(s), a chat token was issued
shell-check-token = connected: the endpoint issued a chat token

## Errors: profiles

shell-error-no-profile = no profile { $profile }
shell-error-profile-kind = a profile cannot change between Local and another kind
shell-error-one-local = there is only one Local profile
shell-error-local-built-in = the Local profile is built in
shell-error-profile-name = the profile needs a name
shell-error-profile-user-id = the user id must be 1 to 128 characters
shell-error-profile-avatar = the avatar must be an http:// or https:// URL
shell-error-profile-color = the name color must be written #rrggbb
shell-error-profile-token-url = the token endpoint must be an http:// or https:// URL
shell-error-profile-endpoint = the messaging endpoint must be an AWS region or a ws:// or wss:// URL
shell-error-profile-region = the AWS region is required, e.g. us-west-2
shell-error-profile-endpoint-url = the endpoint URL must be an http:// or https:// URL
shell-error-no-secret-key = the profile names an access key id but no secret access key is in the keychain
shell-error-list-rooms = a token-endpoint profile cannot list rooms; open one by its ARN
shell-error-aws-control = an AWS profile has a control plane
shell-error-keychain = keychain: { $error }

## Errors: the room console and the service

shell-error-no-control-plane = a token-endpoint profile has no control plane; use a Local or AWS profile
shell-error-one-destination = choose exactly one destination: S3, CloudWatch Logs or Firehose
shell-error-service = { $code }: { $message }
shell-error-service-refused = { $code }: the service refused the request
shell-error-local-service = the local chat service did not start: { $error }

## Invite links

shell-invite-question = Join room { $room } through { $host } as { $name }?

## Errors: invite links

shell-error-invite-refused = This invite link was refused: { $reason }.
shell-error-invite-moderators = only moderators and streamers hand out invite links
shell-error-invite-aws = this room is open through an AWS account, which viewers cannot use: an invite link needs a token endpoint (open the room through a token-endpoint profile to share it)
shell-error-invite-cannot = no invite link can be made: { $reason }

## Errors: settings, files and the history

shell-error-settings-import = the settings file was not imported: { $problems }
shell-error-export-room = name a room to export
shell-error-export-write = cannot write { $path }: { $error }
shell-error-data-dir = data directory: { $error }
shell-error-history = history database: { $error }
shell-error-history-unreadable = history database holds an unreadable line: { $error }
shell-error-history-task = history task failed: { $error }
shell-error-history-too-new = the history database { $path } was written by a newer Chatdeck (history version { $found }; this Chatdeck reads up to version { $supported }); it was left untouched: update Chatdeck, or move the file away to start a new history
shell-error-already-running = Chatdeck is already running with the data directory { $dir }

## Errors: the desktop

shell-error-link = only http and https links without hidden characters open
shell-error-copy-length = only 1 to { $max } characters are copied (this is { $count })
shell-error-no-file-dialog = there is no file dialog here: type the file's path
shell-error-file-dialog = the file dialog failed: { $error }
shell-error-chosen-file = the chosen file has no path: { $error }
shell-error-notification = the notification could not be shown: { $error }
shell-error-browser = the browser could not be started: { $error }
shell-error-clipboard = the clipboard could not be written: { $error }

## The tray

shell-tray-show = Show Chatdeck
shell-tray-unread =
    { $count ->
        [one] { $count } unread mention
       *[other] { $count } unread mentions
    }
shell-tray-pause = Pause notifications
shell-tray-quit = Quit Chatdeck
shell-tray-tooltip-unread = Chatdeck — { $unread }
shell-tray-note-title = Chatdeck is still running
shell-tray-note-body = It keeps running in the tray, so overlays and mention notifications go on. Quit from the tray's menu, or turn this off in Settings.

## Mention notifications

shell-notify-mentioned = { $sender } mentioned you in #{ $room }
shell-notify-word = { $sender } in #{ $room }
shell-notify-more =
    { $count ->
        [one] (and { $count } more mention)
       *[other] (and { $count } more mentions)
    }

## Native dialogs and windows

shell-dialog-export-room = Export the room's history
shell-dialog-export-settings = Export settings
shell-overlay-title = #{ $room } — Chatdeck overlay
