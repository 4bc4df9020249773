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
