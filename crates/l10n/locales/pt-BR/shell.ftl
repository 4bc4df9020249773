# The shell: words it says itself (tray, notifications, native dialogs) and the reasons and
# errors it sends the UI as message ids.

## Por que a conexão de uma sala mudou (o selo dela)

shell-state-disconnected = desconectado
shell-state-server-closed = o serviço de chat encerrou a conexão
shell-state-kicked = removido por um moderador: { $reason }
shell-state-kicked-silently = removido por um moderador
shell-state-room-not-found = a sala não existe
shell-state-cannot-connect = não foi possível conectar: { $error }
shell-state-no-token = não foi possível obter um token de chat: { $error }
shell-state-connection-lost = conexão perdida ({ $error }); reconectando
shell-state-session-expired = a sessão de chat expirou; reconectando
shell-state-server-restarting = o serviço de chat está reiniciando; reconectando

## Por que a conexão caiu (um marcador de lacuna na sala)

shell-gap-closed = a conexão foi encerrada
shell-gap-connection-lost = conexão perdida ({ $error })
shell-gap-session-expired = a sessão de chat expirou
shell-gap-server-restarting = o serviço de chat está reiniciando

## Avisos na sala

shell-notice-disconnected-by-you = { $user } foi desconectado por você
shell-notice-disconnected-by-you-because = { $user } foi desconectado por você: { $reason }
shell-notice-disconnected = { $user } foi desconectado por um moderador
shell-notice-disconnected-because = { $user } foi desconectado por um moderador: { $reason }

## O registro de moderação da sala

shell-log-you-deleted = Você apagou uma mensagem de { $author }
shell-log-you-deleted-because = Você apagou uma mensagem de { $author }: { $reason }
shell-log-deleted = Um moderador apagou uma mensagem de { $author }
shell-log-deleted-because = Um moderador apagou uma mensagem de { $author }: { $reason }
shell-log-someone = alguém
shell-log-delete-failed = Falha ao apagar uma mensagem { $target }: { $error }
shell-log-disconnect-failed = Falha ao desconectar { $target }: { $error }

## Por que uma mensagem não foi enviada (a linha dela)

shell-send-review = recusada pela revisão de mensagens da sala
shell-send-review-because = recusada pela revisão de mensagens da sala: { $reason }
shell-send-refused = o serviço de chat recusou a mensagem ({ $code }): { $error }
shell-send-not-sent = não enviada: { $error }
shell-send-timeout = sem resposta do serviço de chat; ela pode ter sido entregue
shell-send-connection-lost = a conexão foi encerrada antes de o serviço de chat responder; ela pode ter sido entregue
shell-send-not-connected = não enviada: a sala está desconectada

## Erros: texto de fora do Chatdeck, dito como veio

shell-as-is = { $text }

## Erros: abas, salas e mensagens

shell-error-no-tab = não há aba { $tab }
shell-error-room-arn = informe o ARN de uma sala
shell-error-split-size = a tela dividida mostra de 2 a { $max } salas (foram pedidas { $count })
shell-error-split-twice = a aba { $tab } está duas vezes na tela dividida
shell-error-message-empty = a mensagem está vazia
shell-error-reply-id = a mensagem respondida não tem um id válido
shell-error-ignore-nobody = não há usuário para ignorar
shell-error-demo-audience = só as salas do perfil Local têm público de demonstração
shell-error-chat-delay = o atraso do chat é de no máximo { $max } segundos
shell-error-session-stopped = a sessão da aba parou
shell-error-lost-line = o histórico perdeu uma linha
shell-error-retry-own = só uma mensagem sua que falhou pode ser enviada de novo
shell-error-message-gone = essa mensagem não está mais aqui
shell-error-not-delivered = essa mensagem ainda não foi entregue
shell-error-not-failed = nenhum pedido que falhou tem esse id
shell-error-room-disconnected = a sala está desconectada
shell-error-room-stopped = a sala parou
shell-error-invalid-endpoint = endpoint inválido { $input }: { $problem }

## Erros: moderação

shell-error-purge-count = uma moderação em massa apaga entre 1 e { $max } mensagens
shell-error-purge-delete = o token desta aba não pode apagar mensagens
shell-error-purge-disconnect = o token desta aba não pode desconectar usuários
shell-error-purge-running = uma moderação em massa de { $user } já está em andamento aqui
shell-error-purge-ended = essa moderação em massa já terminou

## Onde os segredos dos perfis ficam guardados (o editor de perfis)

# Sem artigo: o editor diz "Guardado em { $place }".
shell-keychain-secret-service = chaveiro da área de trabalho (Secret Service)
shell-keychain-kernel = chaveiro do kernel: nenhum chaveiro da área de trabalho (Secret Service) está rodando, então os segredos só ficam guardados até o computador reiniciar
shell-keychain-windows = Gerenciador de Credenciais do Windows
shell-keychain-macos = Chaves do macOS
shell-keychain-system = chaveiro do sistema

## Testando um perfil

shell-check-refused = o plano de controle recusou: { $error }
shell-check-no-rooms = conectado; a conta ainda não tem salas
shell-check-room-arn = informe o ARN de uma sala para pedir um token ao endpoint de token
shell-check-rooms =
    { $count ->
        [one] conectado: { $count } sala, um token de chat foi emitido
       *[other] conectado: { $count } salas, um token de chat foi emitido
    }
shell-check-token = conectado: o endpoint emitiu um token de chat

## Erros: perfis

shell-error-no-profile = não há perfil { $profile }
shell-error-profile-kind = um perfil não pode mudar entre Local e outro tipo
shell-error-one-local = há um só perfil Local
shell-error-local-built-in = o perfil Local faz parte do app
shell-error-profile-name = o perfil precisa de um nome
shell-error-profile-user-id = o id de usuário deve ter de 1 a 128 caracteres
shell-error-profile-avatar = o avatar deve ser uma URL http:// ou https://
shell-error-profile-color = a cor do nome deve ser escrita #rrggbb
shell-error-profile-token-url = o endpoint de token deve ser uma URL http:// ou https://
shell-error-profile-endpoint = o endpoint de mensagens deve ser uma região da AWS ou uma URL ws:// ou wss://
shell-error-profile-region = a região da AWS é obrigatória, por exemplo us-west-2
shell-error-profile-endpoint-url = a URL do endpoint deve ser http:// ou https://
shell-error-no-secret-key = o perfil indica um access key id, mas não há secret access key no chaveiro
shell-error-list-rooms = um perfil de endpoint de token não lista salas; abra uma pelo ARN
shell-error-aws-control = um perfil AWS tem um plano de controle
shell-error-keychain = chaveiro: { $error }

## Erros: o console da sala e o serviço

shell-error-no-control-plane = um perfil de endpoint de token não tem plano de controle; use um perfil Local ou AWS
shell-error-one-destination = escolha exatamente um destino: S3, CloudWatch Logs ou Firehose
shell-error-service = { $code }: { $message }
shell-error-service-refused = { $code }: o serviço recusou o pedido
shell-error-local-service = o serviço de chat local não iniciou: { $error }

## Links de convite

shell-invite-question = Entrar na sala { $room } por { $host } como { $name }?

## Erros: links de convite

shell-error-invite-refused = Este link de convite foi recusado: { $reason }.
shell-error-invite-moderators = só moderadores e streamers distribuem links de convite
shell-error-invite-aws = esta sala está aberta por uma conta da AWS, que os espectadores não podem usar: um link de convite precisa de um endpoint de token (abra a sala por um perfil de endpoint de token para compartilhá-la)
shell-error-invite-cannot = não é possível criar um link de convite: { $reason }

## Erros: configurações, arquivos e o histórico

shell-error-settings-import = o arquivo de configurações não foi importado: { $problems }
shell-error-export-room = indique uma sala para exportar
shell-error-export-write = não foi possível gravar { $path }: { $error }
shell-error-data-dir = pasta de dados: { $error }
shell-error-history = banco de dados do histórico: { $error }
shell-error-history-unreadable = o banco de dados do histórico tem uma linha ilegível: { $error }
shell-error-history-task = a tarefa do histórico falhou: { $error }
shell-error-history-too-new = o banco de dados do histórico { $path } foi gravado por um Chatdeck mais novo (versão do histórico { $found }; este Chatdeck lê até a versão { $supported }); ele não foi alterado: atualize o Chatdeck ou tire o arquivo do lugar para começar um histórico novo
shell-error-already-running = o Chatdeck já está em execução com a pasta de dados { $dir }

## Erros: a área de trabalho

shell-error-link = só abrem links http e https sem caracteres ocultos
shell-error-copy-length = só são copiados de 1 a { $max } caracteres (este tem { $count })
shell-error-no-file-dialog = não há janela de arquivos aqui: digite o caminho do arquivo
shell-error-file-dialog = a janela de arquivos falhou: { $error }
shell-error-chosen-file = o arquivo escolhido não tem caminho: { $error }
shell-error-notification = não foi possível mostrar a notificação: { $error }
shell-error-browser = não foi possível abrir o navegador: { $error }
shell-error-clipboard = não foi possível gravar na área de transferência: { $error }

## A bandeja

shell-tray-show = Mostrar o Chatdeck
shell-tray-unread =
    { $count ->
        [one] { $count } menção não lida
       *[other] { $count } menções não lidas
    }
shell-tray-pause = Pausar notificações
shell-tray-quit = Sair do Chatdeck
shell-tray-tooltip-unread = Chatdeck — { $unread }
shell-tray-note-title = O Chatdeck continua rodando
shell-tray-note-body = Ele continua rodando na bandeja, então os overlays e as notificações de menções continuam. Saia pelo menu da bandeja ou desative isto nas Configurações.

## Notificações de menções

shell-notify-mentioned = { $sender } mencionou você em #{ $room }
shell-notify-word = { $sender } em #{ $room }
shell-notify-more =
    { $count ->
        [one] (e mais { $count } menção)
       *[other] (e mais { $count } menções)
    }

## Janelas e diálogos nativos

shell-dialog-export-room = Exportar o histórico da sala
shell-dialog-export-settings = Exportar configurações
shell-overlay-title = #{ $room } — overlay do Chatdeck
