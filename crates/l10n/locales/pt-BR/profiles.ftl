# profiles

## Opening a room

profiles-open-title = Abrir uma sala
profiles-close = Fechar
profiles-open-profile = Perfil
profiles-open-loading = Carregando salas…
profiles-open-empty = Nenhuma sala ainda.
profiles-open-arn = ARN da sala
profiles-open-manage = Gerenciar perfis…
profiles-open-submit = Abrir

## The profile list

profiles-title = Perfis
profiles-item-local = Serviço local
profiles-item-token = Endpoint de token · { $url }
profiles-item-aws = AWS · { $region }
profiles-item-as = como { $name } ({ $user })
profiles-item-secret = segredo no chaveiro
profiles-check-room = ARN da sala para a verificação
profiles-edit = Editar
profiles-check = Verificar conexão
profiles-checking = Verificando…
profiles-remove = Remover
profiles-new = Novo perfil

## The profile editor

profiles-editor-new = Novo perfil
profiles-editor-edit = Editar perfil
profiles-kind = Tipo
profiles-kind-token = Endpoint de token
profiles-kind-aws = Conta AWS
profiles-name = Nome
profiles-name-placeholder = Meu backend
profiles-user-id = ID do usuário
profiles-user-id-placeholder = ana
profiles-display-name = Nome de exibição
profiles-display-name-placeholder = Ana
profiles-avatar = URL do avatar (https)
profiles-badges = Emblemas que os outros veem
profiles-badge-broadcaster = Streamer
profiles-badge-moderator = Moderador
profiles-badge-vip = VIP
profiles-badge-subscriber = Inscrito
profiles-color = Cor do nome (#rrggbb, opcional)
profiles-token-url = URL do endpoint de token
profiles-messaging-endpoint = Endpoint de mensagens (região ou URL wss://)
profiles-region = Região
profiles-aws-profile = Nome do perfil da AWS
profiles-access-key-id = ID da chave de acesso (opcional)
profiles-endpoint-url = URL do endpoint (opcional)
profiles-secret-aws = Chave de acesso secreta
profiles-secret-bearer = Segredo bearer (opcional)
profiles-secret-stored = guardado no chaveiro — digite para substituir
profiles-secret-kept = Onde fica guardado: { $place }. Nunca mais é exibido.
profiles-secret-remove = Remover o segredo guardado
profiles-capabilities = Capacidades a solicitar
profiles-cancel = Cancelar
profiles-save = Salvar
