# profiles

## Opening a room

profiles-open-title = Open a room
profiles-close = Close
profiles-open-profile = Profile
profiles-open-loading = Loading rooms…
profiles-open-empty = No rooms yet.
profiles-open-arn = Room ARN
profiles-open-manage = Manage profiles…
profiles-open-submit = Open

## The profile list

profiles-title = Profiles
profiles-item-local = Local service
profiles-item-token = Token endpoint · { $url }
profiles-item-aws = AWS · { $region }
profiles-item-as = as { $name } ({ $user })
profiles-item-secret = secret in keychain
profiles-check-room = Room ARN for the check
profiles-edit = Edit
profiles-check = Check connection
profiles-checking = Checking…
profiles-remove = Remove
profiles-new = New profile

## The profile editor

profiles-editor-new = New profile
profiles-editor-edit = Edit profile
profiles-kind = Kind
profiles-kind-token = Token endpoint
profiles-kind-aws = AWS account
profiles-name = Name
profiles-name-placeholder = My backend
profiles-user-id = User id
profiles-user-id-placeholder = alice
profiles-display-name = Display name
profiles-display-name-placeholder = Alice
profiles-avatar = Avatar URL (https)
profiles-badges = Badges others see
profiles-badge-broadcaster = Broadcaster
profiles-badge-moderator = Moderator
profiles-badge-vip = VIP
profiles-badge-subscriber = Subscriber
profiles-color = Name color (#rrggbb, optional)
profiles-token-url = Token endpoint URL
profiles-messaging-endpoint = Messaging endpoint (region or wss:// URL)
profiles-region = Region
profiles-aws-profile = AWS profile name
profiles-access-key-id = Access key id (optional)
profiles-endpoint-url = Endpoint URL (optional)
profiles-secret-aws = Secret access key
profiles-secret-bearer = Bearer secret (optional)
profiles-secret-stored = stored in the keychain — type to replace
profiles-secret-kept = Kept in { $place }; never shown again.
profiles-secret-remove = Remove the stored secret
profiles-capabilities = Capabilities to ask for
profiles-cancel = Cancel
profiles-save = Save
