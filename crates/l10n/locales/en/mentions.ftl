# mentions

## Announcements to screen readers

mentions-announce-name = { $sender } mentioned you in { $room }: { $text }
mentions-announce-word = Highlight from { $sender } in { $room }: { $text }
mentions-announce-summary-room = { $count ->
    [one] { $count } new mention in { $room }
   *[other] { $count } new mentions in { $room }
}
mentions-announce-summary-rooms = { $count ->
    [one] { $count } new mention in { $rooms } rooms
   *[other] { $count } new mentions in { $rooms } rooms
}

## The Mentions view

mentions-title = Mentions
mentions-close = Close
mentions-intro = Messages in every room that name you or one of your highlight words, newest first.
mentions-looking = Looking…
mentions-empty = No mentions yet.
mentions-open-room = Open the room
mentions-room-closed = The room is not open
