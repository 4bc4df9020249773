# tabs

## A faixa de abas

tabs-strip-label = Salas
tabs-open = Abrir uma sala
tabs-open-title = Abrir uma sala (Ctrl+T)

## Uma aba

tabs-tab-mentions-title = Menções
tabs-close = Fechar aba
tabs-close-title = Fechar (Ctrl+W)

## As ferramentas da faixa

tabs-profiles = Perfis
tabs-search = Pesquisar
tabs-search-title = Pesquisar no histórico de todas as salas (Ctrl+F)
tabs-console = Console
tabs-console-title = Console de salas: crie e configure salas
tabs-mentions = @ Menções
tabs-mentions-title = Menções em todas as salas (Ctrl+Shift+M)
tabs-settings = Configurações
tabs-settings-title = Configurações (Ctrl+,)
