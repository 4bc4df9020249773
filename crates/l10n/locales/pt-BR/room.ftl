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
