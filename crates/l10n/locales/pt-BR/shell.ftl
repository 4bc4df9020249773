# The shell: words it says itself (tray, notifications, native dialogs) and the reasons and
# errors it sends the UI as message ids.

## Por que a conexão de uma sala mudou (o selo dela)

shell-state-kicked = removido por um moderador: { $reason }
