# search

## O diálogo

search-title = Buscar no histórico
search-close = Fechar
search-input = Buscar
search-input-placeholder = Palavras, from:usuário, in:sala, is:deleted, has:link
search-help = Todas as salas que você abriu, em todas as sessões. Filtros:

## O que o painel de resultados diz

search-idle = Digite para buscar.
search-searching = Buscando…
search-summary = { $count ->
    [0] { $shown } resultados — { $understood }
    [one] { $shown } resultado — { $understood }
   *[other] { $shown } resultados — { $understood }
}
search-empty = Nada corresponde.
search-more = Mais linhas correspondem; adicione palavras ou filtros para refinar a busca.

## Como a busca foi entendida, no resumo

search-understood-text = texto: { $words }
search-understood-from = de { $user }
search-understood-in = em { $room }
search-understood-deleted = apagadas
search-understood-link = com um link

## Um resultado

search-result-room = sala
search-result-deleted = apagada
