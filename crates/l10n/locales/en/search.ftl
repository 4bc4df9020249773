# search

## The dialog

search-title = Search history
search-close = Close
search-input = Search
search-input-placeholder = Words, from:user, in:room, is:deleted, has:link
search-help = Every room you opened, across sessions. Filters:

## What the results pane says

search-idle = Type to search.
search-searching = Searching…
search-summary = { $count ->
    [one] { $shown } result — { $understood }
   *[other] { $shown } results — { $understood }
}
search-empty = Nothing matches.
search-more = More lines match; add words or filters to narrow the search.

## How the query was understood, in the summary

search-understood-text = text: { $words }
search-understood-from = from { $user }
search-understood-in = in { $room }
search-understood-deleted = deleted
search-understood-link = with a link

## One hit

search-result-room = room
search-result-deleted = deleted
