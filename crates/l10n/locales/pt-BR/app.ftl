# app

## O palco

app-stage-starting = Iniciando…
app-stage-empty-title = Nenhuma sala aberta
app-stage-empty-hint = Abra uma sala do serviço local, de um endpoint de token ou da sua conta AWS.
app-stage-open-room = Abrir uma sala
app-stage-show-beside = Mostrar ao lado

## A faixa de erro

app-error-dismiss = Dispensar

## Um link de convite

app-invite-title = Link de convite
app-invite-detail-new-profile = Sala { $room } via { $token_url } (mensagens: { $endpoint }), com um novo perfil de espectador.
app-invite-detail-profile = Sala { $room } via { $token_url } (mensagens: { $endpoint }), com o perfil { $profile }.
app-invite-cancel = Cancelar
app-invite-close = Fechar
app-invite-join = Entrar

## Limpar histórico

app-clear-history-room = Limpar o histórico de # { $room }?
app-clear-history-every-room = Limpar o histórico de todas as salas?
app-clear-history-explain = As linhas, o registro de moderação e as entradas de pesquisa são removidos deste computador. Nada é apagado na sala em si: as outras pessoas continuam com o que viram.
app-clear-history-cancel = Cancelar
app-clear-history-confirm = Limpar histórico
app-clear-history-done = { $count ->
    [0] Nenhuma linha removida.
    [one] { $count } linha removida.
   *[other] { $count } linhas removidas.
}

## A ponte com o shell falhou (mostrado na faixa de erro)

app-bridge-arguments = não foi possível montar os argumentos do comando
app-bridge-unexpected-answer = resposta inesperada a { $command }: { $error }
app-bridge-encode = não foi possível codificar a solicitação: { $error }
app-bridge-no-answer = o shell não respondeu
