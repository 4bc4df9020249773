# room

## Respostas

room-reply-quote-title = Mostrar a mensagem que esta responde
room-reply-original-missing = mensagem original indisponível
room-reply-original-deleted = { $author }: mensagem apagada
room-reply-original-hidden = uma mensagem que você oculta
room-reply-original = { $author }: { $text }
room-replying-to = Respondendo a
room-reply-cancel = Parar de responder
room-reply-cancel-title = Parar de responder (Esc)

## O cabeçalho

room-profile-title = Perfil
room-delay-chip = Atraso de { $seconds } s
room-delay-chip-title = As mensagens dos outros aparecem { $seconds } s depois de chegar, para acompanhar a transmissão. Altere isso no menu da sala.
room-invite-copied = Link de convite copiado
room-reconnect = Reconectar
room-menu = Menu da sala

## O indicador de conexão

room-state-connecting = Conectando…
room-state-connected = Conectado
room-state-disconnected = Desconectado

## A contagem de linhas ocultas

room-hidden = { $count ->
    [one] { $count } oculta
   *[other] { $count } ocultas
}
room-hidden-show-title = Mensagens de usuários que você ignora ou que seus filtros ocultam: clique para mostrá-las
room-hidden-hide-title = Ocultá-las de novo

## O menu da sala

room-menu-demo-audience = Público de demonstração
room-menu-overlay-pinned = Janela de overlay fixada
room-menu-overlay-take-back = Overlay: retomar os cliques
room-menu-show-beside-group = Mostrar ao lado
room-menu-show-beside = Mostrar # { $room } ao lado
room-menu-close-pane = Fechar este painel
room-menu-pane-keys = Ctrl+Alt+←/→ alterna
room-menu-chat-delay = Atraso do chat
room-menu-no-delay = Sem atraso no chat
room-menu-delay = Atrasar o chat em { $seconds } s
room-menu-moderation-log = Registro de moderação
room-menu-recent-chatters = Participantes recentes
room-menu-export = Exportar histórico…
room-menu-copy-invite = Copiar link de convite
room-menu-clear-history = Limpar histórico…
room-menu-close-tab = Fechar aba

## A faixa de saúde

room-health = Saúde da sala
room-health-measuring = Medindo…
room-health-rate = Taxa
room-health-rate-title = Mensagens por segundo nos últimos 5 s, comparadas ao limite da sala
room-health-rate-value = { $rate } / { $cap } msg/s
room-health-latency = Latência
room-health-latency-title = Do envio da sua mensagem até a confirmação do serviço
room-health-latency-value = { $latest } ms
room-health-latency-median = { $latest } ms (mediana { $median })
room-health-reconnects = Reconexões
room-health-reconnects-title = Vezes em que a conexão caiu e foi aberta de novo
room-health-session = Sessão
room-health-session-title = Tempo restante da sessão de chat; uma nova conexão é aberta antes que ela termine
room-health-session-note = renova antes de expirar
room-health-session-minutes = { $minutes } min
room-health-session-hours = { $hours } h { $minutes } min

## A lista de mensagens

room-list = Mensagens
room-list-loading = Carregando mensagens anteriores…
room-list-empty = Nenhuma mensagem ainda. Diga olá!
room-divider-history = Anteriores — do histórico
room-divider-new = Novas mensagens
room-jump-latest = Ir para as mais recentes ↓
room-jump-new = { $count ->
    [one] { $count } nova mensagem — ir para as mais recentes ↓
   *[other] { $count } novas mensagens — ir para as mais recentes ↓
}

## Uma mensagem

room-row-you = você
room-row-sending = enviando…
room-row-history = histórico
room-row-ignored = ignorado
room-row-ignored-title = Você ignora este usuário: exibida porque você pediu
room-row-filtered = filtrada
room-row-filtered-title = Um dos seus filtros oculta esta mensagem: exibida porque você pediu
room-row-masked = mascarada
room-row-masked-title = Partes desta mensagem foram mascaradas por um dos seus filtros
room-row-deleted = apagada por um moderador
room-row-deleted-reason = apagada por um moderador ({ $reason })
room-link-title = Abrir { $url } no navegador
room-row-reply = Responder
room-row-reply-title = Responder (R)
room-row-delete = Apagar
room-row-delete-label = Apagar mensagem
room-row-delete-title = Apagar mensagem (Del)
room-row-retry = Tentar de novo
room-row-edit = Editar
room-row-discard = Descartar

## Um intervalo no que foi recebido

room-gap = Nenhuma mensagem recebida por { $duration }: { $reason }
room-gap-since = Nenhuma mensagem recebida por { $duration } desde { $from }: { $reason }
room-duration-under-second = menos de um segundo
room-duration-seconds = { $seconds } s
room-duration-minutes = { $minutes } min { $seconds } s
room-duration-hours = { $hours } h { $minutes } min

## O menu de contexto de uma mensagem

room-context-menu = Mensagem de { $author }
room-action-reply = Responder
room-action-copy-text = Copiar texto
room-action-copy-id = Copiar id da mensagem
room-action-user-card = Cartão do usuário
room-action-ignore = Ignorar usuário
room-action-unignore = Parar de ignorar usuário
room-action-delete = Apagar…
room-copied-text = Texto copiado
room-copied-id = Id da mensagem copiado

## Confirmar uma exclusão ou uma desconexão

room-confirm-delete = Apagar esta mensagem de { $author } para todos?
room-confirm-disconnect = Desconectar { $user } desta sala?
room-confirm-reason = Motivo (opcional, visível para a sala)
room-confirm-cancel = Cancelar
room-confirm-delete-button = Apagar
room-confirm-disconnect-button = Desconectar

## O campo de mensagem

room-composer = Mensagem
room-composer-placeholder = Conversar em #{ $room }
room-composer-empty = Digite uma mensagem
room-composer-over = { $count ->
    [one] { $count } caractere acima do limite desta sala
   *[other] { $count } caracteres acima do limite desta sala
}
room-composer-disconnected = Desconectado — reconecte para enviar
room-composer-disconnected-reason = Desconectado: { $reason } — reconecte para enviar
room-composer-not-allowed = Seu token de chat não permite enviar mensagens nesta sala
room-composer-counter-title = Caracteres (pontos de código) em relação ao limite da sala
room-send = Enviar
room-send-title = Enviar (Enter)

## Completar nomes e emojis

room-completion-people = Pessoas nesta sala
room-completion-emoji = Emojis

## O seletor de emojis

room-emoji = Emojis
room-emoji-search = Pesquisar emojis
room-emoji-recent-first = Usados recentemente primeiro
room-emoji-none = Nenhum emoji encontrado

## Funções ao lado de um nome

room-badge-broadcaster = Streamer
room-badge-moderator = Moderador
room-badge-vip = VIP
room-badge-subscriber = Inscrito

## O painel lateral

room-panel-close = Fechar

## O cartão de um usuário

room-card-disconnect = Desconectar usuário…
room-card-recent = Mensagens recentes nesta sala
room-card-nothing = Nada ainda.
room-card-deleted = (apagada)

## Moderação em massa, no cartão de um usuário

room-purge = Moderação em massa
room-purge-count = Mensagens
room-purge-reason = Motivo (opcional)
room-purge-disconnect = Desconectar primeiro
room-purge-start = Apagar as últimas { $count }
room-purge-start-disconnect = Desconectar e apagar as últimas { $count }
room-purge-pick-count = Digite de 1 a 500
room-purge-cancel = Cancelar
room-purge-running = Apagando { $at } de { $total }…
room-purge-nothing = Nada para apagar.
room-purge-done = { $done } de { $total } apagadas.
room-purge-cancelled = Cancelado após { $done } de { $total }.
room-purge-failed = Interrompido após { $done } de { $total }: { $reason }
room-purge-disconnected = { $user } foi desconectado.

## O registro de moderação

room-log = Registro de moderação
room-log-empty = Nenhuma moderação nesta sala ainda.

## Participantes recentes

room-chatters = Participantes recentes
room-chatters-note = Quem escreveu aqui recentemente. O IVS Chat não informa quem está assistindo, então espectadores calados não aparecem na lista.
room-chatters-search = Pesquisar nomes
room-chatters-search-label = Pesquisar participantes recentes
room-chatters-empty = Ninguém ainda.
room-chatter-messages = { $count ->
    [one] { $count } mensagem
   *[other] { $count } mensagens
}

## Exportar o histórico

room-export = Exportar histórico
room-export-intro = Todas as linhas desta sala guardadas neste computador, como linhas JSON no formato de registro de log de chat do IVS
room-export-file = Arquivo (vazio: um novo arquivo em exports/ na pasta de dados; um caminho relativo também começa lá)
room-export-placeholder = exports/<sala>-<hora>.jsonl
room-export-choose = Escolher…
room-export-written = { $count ->
    [0] Nenhum registro gravado em
    [one] { $count } registro gravado em
   *[other] { $count } registros gravados em
}
room-export-close = Fechar
room-export-submit = Exportar
