# console

## The dialog

console-heading = Console de salas
console-profile-label = Perfil
console-close = Fechar
console-needs-profile = O console precisa de um perfil Local ou AWS; um endpoint de token não tem plano de controle.
console-tab-rooms = Salas
console-tab-logging = Logs
console-tab-actions = Ações na sala

## What the rooms and logging parts share

console-name = Nome
console-name-placeholder = letras, dígitos, - e _
console-edit = Editar
console-delete = Excluir
console-keep = Manter
console-cancel = Cancelar

## Rooms: filters and list

console-filter-name = Nome (exato)
console-filter-name-label = Filtrar por nome
console-filter-handler = URI do manipulador de revisão
console-filter-handler-label = Filtrar por manipulador de revisão
console-filter-logging-label = Filtrar por configuração de log
console-filter-logging-any = Qualquer log
console-new-room = Nova sala
console-rooms-loading = Carregando salas…
console-rooms-empty = Nenhuma sala corresponde.
console-room-fact-handler-title = Manipulador de revisão
console-room-fact-handler = revisão: { $uri }
console-room-fact-logging = logs ×{ $count }
console-room-fact-tags =
    { $count ->
        [one] { $count } tag
       *[other] { $count } tags
    }
console-open = Abrir
console-room-delete-question = Excluir esta sala?
console-room-deleted = Sala { $arn } excluída

## Room form

console-room-form-new = Nova sala
console-room-form-existing = Sala { $arn }
console-room-form-max-length = Tamanho máximo da mensagem
console-room-form-max-rate = Máximo de mensagens por segundo
console-room-form-handler = Manipulador de revisão (um ARN de Lambda; o serviço local também chama uma URL http(s))
console-room-form-fallback-deny = Recusar mensagens quando o manipulador falhar (fallback DENY; caso contrário, ALLOW)
console-room-form-logging = Configurações de log (até 3)
console-room-form-logging-none = Nenhuma ainda: crie uma em Logs.
console-room-form-tags = Tags (uma chave=valor por linha)
console-room-form-create = Criar sala
console-room-form-save = Salvar alterações
console-room-created = Sala { $name } criada ({ $arn })
console-room-updated = Sala { $name } atualizada ({ $arn })

## A logging configuration's destination, in a room's options and the logging list

console-destination-s3 = Bucket S3 { $bucket }
console-destination-cloudwatch = Grupo do CloudWatch Logs { $group }
console-destination-firehose = Stream do Firehose { $stream }
console-destination-none = sem destino

## Logging configurations

console-logging-intro = Para onde as salas enviam os logs do chat. Uma sala usa até três.
console-logging-new = Nova configuração de log
console-logging-loading = Carregando…
console-logging-empty = Nenhuma configuração de log ainda.
console-logging-delete-question = Excluir?
console-logging-deleted = Configuração de log { $arn } excluída
console-logging-form-existing = Configuração de log
console-logging-destination = Destino
console-logging-kind-cloudwatch = Grupo do CloudWatch Logs
console-logging-kind-s3 = Bucket S3
console-logging-kind-firehose = Stream de entrega do Firehose
console-logging-form-create = Criar
console-logging-form-save = Salvar
console-logging-created = Configuração de log { $arn } criada
console-logging-updated = Configuração de log { $arn } atualizada

## Room actions

console-action-room = Sala
console-event-legend = Enviar um evento (SendEvent)
console-event-name = Nome do evento
console-event-attributes = Atributos (uma chave=valor por linha)
console-event-send = Enviar evento
console-event-sent = Evento enviado (id { $id })
console-delete-legend = Apagar uma mensagem (DeleteMessage)
console-delete-id = ID da mensagem
console-delete-id-placeholder = 12 letras e dígitos
console-reason = Motivo
console-delete-submit = Apagar mensagem
console-message-deleted = Mensagem apagada (id do evento { $id })
console-disconnect-legend = Desconectar um usuário (DisconnectUser)
console-disconnect-user = ID do usuário
console-disconnect-submit = Desconectar usuário
console-user-disconnected = Usuário { $user } desconectado

## Problems the forms find themselves

console-problem-whole-number = Digite um número inteiro
console-problem-line-format = Linha { $line }: escreva chave=valor
console-problem-line-repeated = Linha { $line }: { $key } aparece duas vezes

## The service's field rules (ivs_chat_protocol's validate). The English is the service's
## own wording, word for word: the local service sends the same texts to the AWS SDKs.

console-rule-required = Este campo é obrigatório
console-rule-length-min = O tamanho deve ser maior ou igual a { $min }
console-rule-length-max = O tamanho deve ser menor ou igual a { $max }
console-rule-value-min = O valor deve ser maior ou igual a { $min }
console-rule-value-max = O valor deve ser menor ou igual a { $max }
console-rule-bytes-max = O total deve ser de no máximo { $max } bytes
console-rule-pattern = Deve corresponder à expressão regular: { $pattern }
console-rule-aws-prefix = Não pode começar com aws: (o prefixo é reservado para uso da AWS)
console-rule-one-destination = Informe exatamente um destino: s3, cloudWatchLogs ou firehose
