# mentions

## Anúncios para leitores de tela

mentions-announce-name = { $sender } mencionou você em { $room }: { $text }
mentions-announce-word = Destaque de { $sender } em { $room }: { $text }
mentions-announce-summary-room = { $count ->
    [one] { $count } nova menção em { $room }
   *[other] { $count } novas menções em { $room }
}
mentions-announce-summary-rooms = { $count ->
    [one] { $count } nova menção em { $rooms } salas
   *[other] { $count } novas menções em { $rooms } salas
}

## A visualização de Menções

mentions-title = Menções
mentions-close = Fechar
mentions-intro = Mensagens de todas as salas que citam você ou uma das suas palavras em destaque, das mais novas às mais antigas.
mentions-looking = Procurando…
mentions-empty = Nenhuma menção ainda.
mentions-open-room = Abrir a sala
mentions-room-closed = A sala não está aberta
