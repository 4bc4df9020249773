# app

## The stage

app-stage-starting = Starting…
app-stage-empty-title = No room open
app-stage-empty-hint = Open a room of the local service, a token endpoint or your AWS account.
app-stage-open-room = Open a room
app-stage-show-beside = Show beside

## The error banner

app-error-dismiss = Dismiss

## An invite link

app-invite-title = Invite link
app-invite-detail-new-profile = Room { $room } through { $token_url } (messages: { $endpoint }), with a new viewer profile.
app-invite-detail-profile = Room { $room } through { $token_url } (messages: { $endpoint }), with the profile { $profile }.
app-invite-cancel = Cancel
app-invite-close = Close
app-invite-join = Join

## Clear history

app-clear-history-room = Clear the history of # { $room }?
app-clear-history-every-room = Clear the history of every room?
app-clear-history-explain = Its lines, moderation log and search entries are removed from this computer. Nothing is deleted in the room itself: others keep what they saw.
app-clear-history-cancel = Cancel
app-clear-history-confirm = Clear history
app-clear-history-done = { $count ->
    [one] { $count } line removed.
   *[other] { $count } lines removed.
}

## The bridge to the shell failed (shown in the error banner)

app-bridge-arguments = cannot build the command arguments
app-bridge-unexpected-answer = unexpected answer to { $command }: { $error }
app-bridge-encode = cannot encode the request: { $error }
app-bridge-no-answer = the shell did not answer
