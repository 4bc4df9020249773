# settings

## O diálogo

settings-title = Configurações
settings-close = Fechar

## Aparência

settings-language = Idioma
settings-language-system = Sistema ({ $language })
settings-theme = Tema
settings-theme-system = Sistema
settings-theme-light = Claro
settings-theme-dark = Escuro
settings-timestamps = Horários
settings-timestamps-hidden = Ocultos

## Disposição

settings-density = Linhas de mensagem
settings-density-cozy = Confortável: nome acima, agrupadas
settings-density-compact = Compacta: uma linha cada
settings-show-health = Mostrar a faixa de saúde de cada sala

## Números

settings-font-size = Tamanho da fonte do chat ({ $min }–{ $max } px)
settings-scrollback = Histórico visível ({ $min }–{ $max } linhas por sala)
settings-demo-rate = Público de demonstração (mensagens por minuto)

## Palavras em destaque

settings-highlight-words = Palavras em destaque (uma por linha; seu nome de exibição sempre é destacado)

## Notificações

settings-notifications = Notificações (quando nenhuma janela do Chatdeck está em foco)
settings-notify-mentions = Quando alguém me mencionar
settings-notify-words = Quando alguém escrever uma palavra em destaque
settings-announce = Anunciar menções para leitores de tela

## Backup

settings-backup = Backup
settings-export = Exportar para um arquivo
settings-import = Importar um arquivo…
settings-backup-saved = Salvo em { $path }
settings-backup-imported = { $name } importado
settings-backup-unreadable = Não foi possível ler { $name }

## Histórico neste computador

settings-history = Histórico neste computador
settings-keep-days = Manter dias (0: qualquer idade)
settings-keep-megabytes = Manter MB (0: sem limite de tamanho)
settings-retention-everything = Tudo é mantido.
settings-retention-days = { $days ->
    [one] Linhas com mais de { $days } dia são removidas.
   *[other] Linhas com mais de { $days } dias são removidas.
}
settings-retention-size = As linhas mais antigas são removidas acima de { $megabytes } MB.
settings-retention-both = { $days ->
    [one] Linhas com mais de { $days } dia são removidas, e as mais antigas acima de { $megabytes } MB.
   *[other] Linhas com mais de { $days } dias são removidas, e as mais antigas acima de { $megabytes } MB.
}
settings-clear-history = Limpar todo o histórico…

## Ignorar e filtros

settings-filters = Ignorar e filtros
settings-filters-profile = Perfil
settings-filters-scope = Só mensagens de outras pessoas, nas salas deste perfil, nos overlays dele e em Menções; nunca as suas mensagens nem avisos de moderação.
settings-ignored-users = Usuários ignorados
settings-ignored-none = Ninguém está sendo ignorado. Ignore alguém pelo menu de uma mensagem.
settings-unignore = Parar de ignorar
settings-filter-list = Filtros
settings-filter-kind-word = palavra
settings-filter-kind-regex = expressão regular
settings-filter-action-hide = oculta a mensagem
settings-filter-action-mask = mascara o trecho
settings-filter-remove = Remover
settings-filter-pattern = Palavra ou padrão
settings-filter-pattern-placeholder = Uma palavra ou um padrão
settings-filter-kind = Tipo
settings-filter-action = Ação
settings-filter-add = Adicionar filtro

## Janela

settings-window = Janela
settings-close-to-tray = Fechar a janela mantém o Chatdeck rodando na bandeja (overlays e notificações continuam)

## Ações

settings-cancel = Cancelar
settings-save = Salvar

## O que há de errado com um campo, abaixo dele

settings-problem-range = deve ser de { $min } a { $max } (é { $value })
settings-problem-words = no máximo { $max } palavras (tem { $count })
settings-problem-characters = no máximo { $max } caracteres (tem { $count })
settings-problem-characters-max = no máximo { $max } caracteres
settings-problem-rooms = no máximo { $max } salas (tem { $count })
settings-problem-users = no máximo { $max } usuários (tem { $count })
settings-problem-rules = no máximo { $max } regras (tem { $count })
settings-problem-empty = está vazio
settings-problem-control = contém um caractere de controle
settings-problem-empty-arn = um ARN de sala está vazio
settings-problem-missing = está faltando
settings-problem-not-json = o arquivo não é um JSON válido ({ $error })
settings-problem-not-settings = este não é um arquivo de configurações do Chatdeck (esperado "format": "{ $format }")
settings-problem-version = a versão { $version } não é uma que este Chatdeck lê (ele lê de 1 a { $newest })
settings-problem-unreadable = não pôde ser lido: { $error }
settings-problem-regex = não é uma expressão regular válida ({ $error })
settings-problem-regex-too-large = os padrões são grandes demais juntos ({ $error })
