# overlay

## Before the room is there

overlay-tab-closed = This room's tab is closed.
overlay-connecting = Connecting…

## The bar

overlay-move = Drag to move
overlay-settings = Overlay settings
overlay-unpin = Unpin (close the overlay)
overlay-unpin-title = Unpin

## Clicks passing through

overlay-click-through-hint-key = Clicks pass through. { $key } takes control back.
overlay-click-through-hint = Clicks pass through. Turn it off from the main window's room menu.

## The settings panel

overlay-background = Background
overlay-text-size = Text size
overlay-fade = Fade out lines
overlay-fade-never = Never
overlay-fade-seconds = After { $seconds } s
overlay-fade-minutes = After { $minutes } min
overlay-show-composer = Show the composer
overlay-on-top = Keep above other windows
overlay-on-top-unavailable = Not possible in this session
overlay-click-through-key = Let clicks pass through ({ $key } takes control back)
overlay-click-through = Let clicks pass through (turn off from the main window)

## The lines

overlay-lines = Messages
overlay-deleted = (deleted by a moderator)
overlay-gap = … nothing received: { $reason }

## The corner

overlay-resize = Drag to resize
