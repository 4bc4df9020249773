# overlay

## Antes de a sala estar lá

overlay-tab-closed = A aba desta sala está fechada.
overlay-connecting = Conectando…

## A barra

overlay-move = Arraste para mover
overlay-settings = Configurações do overlay
overlay-unpin = Desafixar (fechar o overlay)
overlay-unpin-title = Desafixar

## Cliques atravessando

overlay-click-through-hint-key = Os cliques atravessam o overlay. { $key } devolve o controle.
overlay-click-through-hint = Os cliques atravessam o overlay. Desative no menu da sala na janela principal.

## O painel de configurações

overlay-background = Fundo
overlay-text-size = Tamanho do texto
overlay-fade = Esmaecer linhas
overlay-fade-never = Nunca
overlay-fade-seconds = Após { $seconds } s
overlay-fade-minutes = Após { $minutes } min
overlay-show-composer = Mostrar o campo de mensagem
overlay-on-top = Manter acima das outras janelas
overlay-on-top-unavailable = Não é possível nesta sessão
overlay-click-through-key = Deixar os cliques atravessarem ({ $key } devolve o controle)
overlay-click-through = Deixar os cliques atravessarem (desative na janela principal)

## As linhas

overlay-lines = Mensagens
overlay-deleted = (apagada por um moderador)
overlay-gap = … nada recebido: { $reason }

## O canto

overlay-resize = Arraste para redimensionar
