# settings

## The dialog

settings-title = Settings
settings-close = Close

## Look

settings-language = Language
settings-language-system = System ({ $language })
settings-theme = Theme
settings-theme-system = System
settings-theme-light = Light
settings-theme-dark = Dark
settings-timestamps = Timestamps
settings-timestamps-hidden = Hidden

## Layout

settings-density = Message rows
settings-density-cozy = Cozy: name above, grouped
settings-density-compact = Compact: one line each
settings-show-health = Show each room's health strip

## Numbers

settings-font-size = Chat font size ({ $min }–{ $max } px)
settings-scrollback = Scrollback ({ $min }–{ $max } lines a room)
settings-demo-rate = Demo audience (messages a minute)

## Highlight words

settings-highlight-words = Highlight words (one a line; your display name is always highlighted)

## Notifications

settings-notifications = Notifications (while no Chatdeck window has focus)
settings-notify-mentions = When someone mentions me
settings-notify-words = When someone writes a highlight word
settings-announce = Announce mentions to screen readers

## Backup

settings-backup = Backup
settings-export = Export to a file
settings-import = Import a file…
settings-backup-saved = Saved to { $path }
settings-backup-imported = Imported { $name }
settings-backup-unreadable = { $name } could not be read

## History on this computer

settings-history = History on this computer
settings-keep-days = Keep days (0: however old)
settings-keep-megabytes = Keep MB (0: no size limit)
settings-retention-everything = Everything is kept.
settings-retention-days = Lines older than { $days } days are removed.
settings-retention-size = The oldest lines are removed above { $megabytes } MB.
settings-retention-both = Lines older than { $days } days are removed, and the oldest above { $megabytes } MB.
settings-clear-history = Clear all history…

## Ignore and filters

settings-filters = Ignore and filters
settings-filters-profile = Profile
settings-filters-scope = Others' messages only, in this profile's rooms, its overlays and Mentions; never your own messages or moderation notices.
settings-ignored-users = Ignored users
settings-ignored-none = Nobody is ignored. Ignore someone from a message's menu.
settings-unignore = Stop ignoring
settings-filter-list = Filters
settings-filter-kind-word = word
settings-filter-kind-regex = regular expression
settings-filter-action-hide = hides the message
settings-filter-action-mask = masks the match
settings-filter-remove = Remove
settings-filter-pattern = Word or pattern
settings-filter-pattern-placeholder = A word, or a pattern
settings-filter-kind = Matches
settings-filter-action = Does
settings-filter-add = Add filter

## Window

settings-window = Window
settings-close-to-tray = Closing the window keeps Chatdeck running in the tray (overlays and notifications go on)

## Actions

settings-cancel = Cancel
settings-save = Save

## What is wrong with a field, under it

settings-problem-range = must be from { $min } to { $max } (is { $value })
settings-problem-words = at most { $max } words (has { $count })
settings-problem-characters = at most { $max } characters (has { $count })
settings-problem-characters-max = at most { $max } characters
settings-problem-rooms = at most { $max } rooms (has { $count })
settings-problem-users = at most { $max } users (has { $count })
settings-problem-rules = at most { $max } rules (has { $count })
settings-problem-empty = is empty
settings-problem-control = contains a control character
settings-problem-empty-arn = a room ARN is empty
settings-problem-missing = is missing
settings-problem-not-json = the file is not valid JSON ({ $error })
settings-problem-not-settings = this is not a Chatdeck settings file (expected "format": "{ $format }")
settings-problem-version = version { $version } is not one this Chatdeck reads (it reads 1 to { $newest })
settings-problem-unreadable = { $error }
settings-problem-regex = is not a valid regular expression ({ $error })
settings-problem-regex-too-large = the patterns are too large together ({ $error })
