# tabs

## The strip

tabs-strip-label = Rooms
tabs-open = Open a room
tabs-open-title = Open a room (Ctrl+T)

## One tab

tabs-tab-mentions-title = Mentions
tabs-close = Close tab
tabs-close-title = Close (Ctrl+W)

## The strip's tools

tabs-profiles = Profiles
tabs-search = Search
tabs-search-title = Search every room's history (Ctrl+F)
tabs-console = Console
tabs-console-title = Room console: create and configure rooms
tabs-mentions = @ Mentions
tabs-mentions-title = Mentions in every room (Ctrl+Shift+M)
tabs-settings = Settings
tabs-settings-title = Settings (Ctrl+,)
