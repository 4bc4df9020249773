# console

## The dialog

console-heading = Room console
console-profile-label = Profile
console-close = Close
console-needs-profile = The console needs a Local or AWS profile; a token endpoint has no control plane.
console-tab-rooms = Rooms
console-tab-logging = Logging
console-tab-actions = Room actions

## What the rooms and logging parts share

console-name = Name
console-name-placeholder = letters, digits, - and _
console-edit = Edit
console-delete = Delete
console-keep = Keep
console-cancel = Cancel

## Rooms: filters and list

console-filter-name = Name (exact)
console-filter-name-label = Filter by name
console-filter-handler = Review handler URI
console-filter-handler-label = Filter by review handler
console-filter-logging-label = Filter by logging configuration
console-filter-logging-any = Any logging
console-new-room = New room
console-rooms-loading = Loading rooms…
console-rooms-empty = No rooms match.
console-room-fact-handler-title = Review handler
console-room-fact-handler = review: { $uri }
console-room-fact-logging = logging ×{ $count }
console-room-fact-tags =
    { $count ->
        [one] { $count } tag
       *[other] { $count } tags
    }
console-open = Open
console-room-delete-question = Delete this room?
console-room-deleted = Deleted room { $arn }

## Room form

console-room-form-new = New room
console-room-form-existing = Room { $arn }
console-room-form-max-length = Maximum message length
console-room-form-max-rate = Maximum messages a second
console-room-form-handler = Review handler (a Lambda ARN; the local service also calls an http(s) URL)
console-room-form-fallback-deny = Deny messages when the handler fails (fallback DENY; otherwise ALLOW)
console-room-form-logging = Logging configurations (up to 3)
console-room-form-logging-none = None yet: create one under Logging.
console-room-form-tags = Tags (one key=value a line)
console-room-form-create = Create room
console-room-form-save = Save changes
console-room-created = Created room { $name } ({ $arn })
console-room-updated = Updated room { $name } ({ $arn })

## A logging configuration's destination, in a room's options and the logging list

console-destination-s3 = S3 bucket { $bucket }
console-destination-cloudwatch = CloudWatch Logs group { $group }
console-destination-firehose = Firehose stream { $stream }
console-destination-none = no destination

## Logging configurations

console-logging-intro = Where rooms send their chat logs. A room uses up to three.
console-logging-new = New logging configuration
console-logging-loading = Loading…
console-logging-empty = No logging configurations yet.
console-logging-delete-question = Delete it?
console-logging-deleted = Deleted logging configuration { $arn }
console-logging-form-existing = Logging configuration
console-logging-destination = Destination
console-logging-kind-cloudwatch = CloudWatch Logs group
console-logging-kind-s3 = S3 bucket
console-logging-kind-firehose = Firehose delivery stream
console-logging-form-create = Create
console-logging-form-save = Save
console-logging-created = Created logging configuration { $arn }
console-logging-updated = Updated logging configuration { $arn }

## Room actions

console-action-room = Room
console-event-legend = Send an event (SendEvent)
console-event-name = Event name
console-event-attributes = Attributes (key=value a line)
console-event-send = Send event
console-event-sent = Event sent (id { $id })
console-delete-legend = Delete a message (DeleteMessage)
console-delete-id = Message id
console-delete-id-placeholder = 12 letters and digits
console-reason = Reason
console-delete-submit = Delete message
console-message-deleted = Message deleted (event id { $id })
console-disconnect-legend = Disconnect a user (DisconnectUser)
console-disconnect-user = User id
console-disconnect-submit = Disconnect user
console-user-disconnected = { $user } was disconnected

## Problems the forms find themselves

console-problem-whole-number = Enter a whole number
console-problem-line-format = Line { $line }: write key=value
console-problem-line-repeated = Line { $line }: { $key } appears twice

## The service's field rules (ivs_chat_protocol's validate). The English is the service's
## own wording, word for word: the local service sends the same texts to the AWS SDKs.

console-rule-required = Member must not be null
console-rule-length-min = Member must have length greater than or equal to { $min }
console-rule-length-max = Member must have length less than or equal to { $max }
console-rule-value-min = Member must have value greater than or equal to { $min }
console-rule-value-max = Member must have value less than or equal to { $max }
console-rule-bytes-max = Member must total at most { $max } bytes
console-rule-pattern = Member must satisfy regular expression pattern: { $pattern }
console-rule-aws-prefix = Member must not begin with aws: (the prefix is reserved for AWS use)
console-rule-one-destination = Member must have exactly one of s3, cloudWatchLogs or firehose
