# room

## Replies

room-reply-quote-title = Show the message this answers
room-reply-original-missing = original message not available
room-reply-original-deleted = { $author }: message deleted
room-reply-original-hidden = a message you hide
room-reply-original = { $author }: { $text }
room-replying-to = Replying to
room-reply-cancel = Stop replying
room-reply-cancel-title = Stop replying (Esc)

## The header

room-profile-title = Profile
room-delay-chip = Delayed { $seconds } s
room-delay-chip-title = Others' messages appear { $seconds } s after they arrive, to follow the stream. Change it in the room menu.
room-invite-copied = Invite link copied
room-reconnect = Reconnect
room-menu = Room menu

## The connection badge

room-state-connecting = Connecting…
room-state-connected = Connected
room-state-disconnected = Disconnected

## The count of hidden lines

room-hidden = { $count ->
    [one] { $count } hidden
   *[other] { $count } hidden
}
room-hidden-show-title = Messages of users you ignore, or that your filters hide: click to show them
room-hidden-hide-title = Hide them again

## The room menu

room-menu-demo-audience = Demo audience
room-menu-overlay-pinned = Pinned overlay window
room-menu-overlay-take-back = Overlay: take clicks back
room-menu-show-beside-group = Show beside
room-menu-show-beside = Show # { $room } beside
room-menu-close-pane = Close this pane
room-menu-pane-keys = Ctrl+Alt+←/→ moves
room-menu-chat-delay = Chat delay
room-menu-no-delay = No chat delay
room-menu-delay = Delay chat { $seconds } s
room-menu-moderation-log = Moderation log
room-menu-recent-chatters = Recent chatters
room-menu-export = Export history…
room-menu-copy-invite = Copy invite link
room-menu-clear-history = Clear history…
room-menu-close-tab = Close tab

## The health strip

room-health = Room health
room-health-measuring = Measuring…
room-health-rate = Rate
room-health-rate-title = Messages a second over the last 5 s, against the room's limit
room-health-rate-value = { $rate } / { $cap } msg/s
room-health-latency = Latency
room-health-latency-title = From sending your message to the service confirming it
room-health-latency-value = { $latest } ms
room-health-latency-median = { $latest } ms (median { $median })
room-health-reconnects = Reconnects
room-health-reconnects-title = Times the connection was lost and opened again
room-health-session = Session
room-health-session-title = Time left in the chat session; a new connection opens before it ends
room-health-session-note = renews before expiry
room-health-session-minutes = { $minutes } min
room-health-session-hours = { $hours } h { $minutes } min

## The message list

room-list = Messages
room-list-loading = Loading older messages…
room-list-empty = No messages yet. Say hello!
room-divider-history = Earlier — from history
room-divider-new = New messages
room-jump-latest = Jump to latest ↓
room-jump-new = { $count ->
    [one] { $count } new message — jump to latest ↓
   *[other] { $count } new messages — jump to latest ↓
}

## A message

room-row-you = you
room-row-sending = sending…
room-row-history = history
room-row-ignored = ignored
room-row-ignored-title = You ignore this user: shown because you asked
room-row-filtered = filtered
room-row-filtered-title = One of your filters hides this message: shown because you asked
room-row-masked = masked
room-row-masked-title = Parts of this message are masked by one of your filters
room-row-deleted = deleted by a moderator
room-row-deleted-reason = deleted by a moderator ({ $reason })
room-link-title = Open { $url } in your browser
room-row-reply = Reply
room-row-reply-title = Reply (R)
room-row-delete = Delete
room-row-delete-label = Delete message
room-row-delete-title = Delete message (Del)
room-row-retry = Retry
room-row-edit = Edit
room-row-discard = Discard

## A gap in what was received

room-gap = No messages received for { $duration }: { $reason }
room-gap-since = No messages received for { $duration } since { $from }: { $reason }
room-duration-under-second = under a second
room-duration-seconds = { $seconds } s
room-duration-minutes = { $minutes } min { $seconds } s
room-duration-hours = { $hours } h { $minutes } min

## A message's context menu

room-context-menu = Message by { $author }
room-action-reply = Reply
room-action-copy-text = Copy text
room-action-copy-id = Copy message id
room-action-user-card = User card
room-action-ignore = Ignore user
room-action-unignore = Stop ignoring user
room-action-delete = Delete…
room-copied-text = Text copied
room-copied-id = Message id copied

## Confirming a delete or a disconnect

room-confirm-delete = Delete this message by { $author } for everyone?
room-confirm-disconnect = Disconnect { $user } from this room?
room-confirm-reason = Reason (optional, shown to the room)
room-confirm-cancel = Cancel
room-confirm-delete-button = Delete
room-confirm-disconnect-button = Disconnect

## The composer

room-composer = Message
room-composer-placeholder = Message #{ $room }
room-composer-empty = Type a message
room-composer-over = { $count ->
    [one] { $count } character over this room's limit
   *[other] { $count } characters over this room's limit
}
room-composer-disconnected = Disconnected — reconnect to send
room-composer-disconnected-reason = Disconnected: { $reason } — reconnect to send
room-composer-not-allowed = Your chat token does not allow sending messages in this room
room-composer-counter-title = Characters (code points) against the room's limit
room-send = Send
room-send-title = Send (Enter)

## Completing names and emoji

room-completion-people = People in this room
room-completion-emoji = Emoji

## The emoji picker

room-emoji = Emoji
room-emoji-search = Search emoji
room-emoji-recent-first = Recently used first
room-emoji-none = No emoji found

## Roles beside a name

room-badge-broadcaster = Broadcaster
room-badge-moderator = Moderator
room-badge-vip = VIP
room-badge-subscriber = Subscriber

## The side panel

room-panel-close = Close

## A user's card

room-card-disconnect = Disconnect user…
room-card-recent = Recent messages in this room
room-card-nothing = Nothing yet.
room-card-deleted = (deleted)

## Bulk moderation, on a user's card

room-purge = Bulk moderation
room-purge-count = Messages
room-purge-reason = Reason (optional)
room-purge-disconnect = Disconnect them first
room-purge-start = Delete last { $count }
room-purge-start-disconnect = Disconnect and delete last { $count }
room-purge-pick-count = Enter 1 to 500
room-purge-cancel = Cancel
room-purge-running = Deleting { $at } of { $total }…
room-purge-nothing = Nothing to delete.
room-purge-done = Deleted { $done } of { $total }.
room-purge-cancelled = Cancelled after { $done } of { $total }.
room-purge-failed = Stopped after { $done } of { $total }: { $reason }
room-purge-disconnected = { $user } was disconnected.

## The moderation log

room-log = Moderation log
room-log-empty = No moderation yet in this room.

## Recent chatters

room-chatters = Recent chatters
room-chatters-note = Who wrote here lately. IVS Chat does not tell who is watching, so quiet viewers are not listed.
room-chatters-search = Search names
room-chatters-search-label = Search recent chatters
room-chatters-empty = Nobody yet.
room-chatter-messages = { $count ->
    [one] { $count } message
   *[other] { $count } messages
}

## Exporting the history

room-export = Export history
room-export-intro = Every line of this room kept on this computer, as JSON lines in the IVS chat-log record format
room-export-file = File (empty: a new file in the data folder's exports/; a relative path starts there too)
room-export-placeholder = exports/<room>-<time>.jsonl
room-export-choose = Choose…
room-export-written = { $count ->
    [one] { $count } record written to
   *[other] { $count } records written to
}
room-export-close = Close
room-export-submit = Export
