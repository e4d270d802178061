//! The typed event stream of an operation: the value of an input or output
//! member that targets an `@streaming` union.
//!
//! [`EventStream<T, E>`] is one type for both ends of a connection and both
//! sides of a service, so that one generated input or output structure serves
//! the client and the server:
//!
//! * built **locally** from events the program produces ([`EventStream::new`]
//!   from any [`Stream`], [`EventStream::channel`], or a `Vec` of events) — a
//!   client's input stream, a server's output stream;
//! * built **from the wire** ([`EventStream::from_body`]): the messages of an
//!   `application/vnd.amazon.eventstream` body, decoded as they arrive and
//!   read into `T` (the union) by the operation's unmarshaller — a client's
//!   output stream, a server's input stream.
//!
//! Either way the program reads it with [`EventStream::recv`] (or as a
//! [`Stream`] of `Result<T, EventStreamError<E>>`), and the runtime sends it
//! with [`EventStream::into_messages`] and [`message_body`]. `E` is the
//! stream's error enum: one variant per `@error` member of the union.
//!
//! Signed envelopes (`:chunk-signature`, see `smithy-client`) are opened when
//! a wire stream is read; the signatures are not checked here.

use std::fmt;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body::Body as _;
use http_body_util::BodyExt as _;

use super::{DecodeError, EventKind, Message, MessageDecoder, SemanticError};
use crate::error::DeserializeError;

/// A boxed error, as HTTP bodies and event marshallers report them.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A streaming HTTP body: what an event stream is read from and written to.
pub type Body = http_body_util::combinators::UnsyncBoxBody<Bytes, BoxError>;

/// The messages of an event stream in sending order, not yet encoded or
/// signed.
pub type MessageStream = Pin<Box<dyn Stream<Item = Result<Message, BoxError>> + Send>>;

/// Turns one event into its message (generated per `@streaming` union).
pub type Marshaller<T> = fn(T) -> Result<Message, BoxError>;

/// Reads one `event` or `exception` message into an event or a modeled
/// error (generated per `@streaming` union). `error` messages never reach it.
pub type Unmarshaller<T, E> = fn(&Message) -> Result<Unmarshalled<T, E>, DeserializeError>;

/// What an [`Unmarshaller`] read from a message.
#[derive(Debug)]
pub enum Unmarshalled<T, E> {
    /// An event of the union.
    Event(T),
    /// A modeled error of the union (an `exception` message).
    Exception(E),
    /// An event type this version of the model does not know: skipped.
    Unknown,
}

/// A body with nothing in it.
pub fn empty_body() -> Body {
    http_body_util::Empty::new()
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// A body holding `bytes`.
pub fn full_body(bytes: Bytes) -> Body {
    http_body_util::Full::new(bytes)
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// The body that sends `messages`, each encoded as it comes.
pub fn message_body(messages: MessageStream) -> Body {
    let frames = EncodedFrames { messages };
    http_body_util::StreamBody::new(frames).boxed_unsync()
}

struct EncodedFrames {
    messages: MessageStream,
}

impl Stream for EncodedFrames {
    type Item = Result<http_body::Frame<Bytes>, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(match ready!(self.messages.as_mut().poll_next(cx)) {
            None => None,
            Some(Err(e)) => Some(Err(e)),
            Some(Ok(message)) => Some(
                message
                    .encode()
                    .map(http_body::Frame::data)
                    .map_err(BoxError::from),
            ),
        })
    }
}

/// An event stream of `T` (the `@streaming` union) whose modeled errors are
/// `E`. See the [module documentation](self).
pub struct EventStream<T, E> {
    // A Mutex only to make the stream `Sync` (inputs are shared by
    // reference); it is never locked, every access goes through `&mut self`.
    source: Mutex<Source<T, E>>,
}

enum Source<T, E> {
    /// Nothing (left behind by `into_messages`, or `Default`).
    Ended,
    /// Events the program produces.
    Local(Pin<Box<dyn Stream<Item = T> + Send>>),
    /// Messages arriving on a body.
    Wire(Box<Wire<T, E>>),
}

struct Wire<T, E> {
    body: Body,
    decoder: MessageDecoder,
    unmarshal: Unmarshaller<T, E>,
    body_done: bool,
}

impl<T, E> EventStream<T, E> {
    /// A stream of the events `events` yields, in order; it ends when
    /// `events` does.
    pub fn new(events: impl Stream<Item = T> + Send + 'static) -> Self {
        Self::from_source(Source::Local(Box::pin(events)))
    }

    /// A stream fed through a channel: events sent with the returned
    /// [`EventSender`] are delivered in order; the stream ends when every
    /// sender is dropped. At most `buffer` events (at least 1) wait.
    pub fn channel(buffer: usize) -> (EventSender<T>, Self)
    where
        T: Send + 'static,
    {
        let (tx, rx) = tokio::sync::mpsc::channel(buffer.max(1));
        (EventSender { tx }, Self::new(ChannelStream { rx }))
    }

    /// The stream whose messages arrive on `body`, each read with
    /// `unmarshal`. Used by generated deserializers.
    pub fn from_body(body: Body, unmarshal: Unmarshaller<T, E>) -> Self {
        Self::from_source(Source::Wire(Box::new(Wire {
            body,
            decoder: MessageDecoder::new(),
            unmarshal,
            body_done: false,
        })))
    }

    fn from_source(source: Source<T, E>) -> Self {
        Self {
            source: Mutex::new(source),
        }
    }

    fn source(&mut self) -> &mut Source<T, E> {
        self.source
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The next event: `Ok(None)` once the stream has ended. A modeled
    /// error, an `error` message or a malformed message is returned once,
    /// and the stream ends after it.
    pub async fn recv(&mut self) -> Result<Option<T>, EventStreamError<E>> {
        std::future::poll_fn(|cx| self.poll_recv(cx)).await
    }

    /// [`recv`](Self::recv) as a poll function.
    pub fn poll_recv(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Result<Option<T>, EventStreamError<E>>> {
        let source = self.source();
        let result = match source {
            Source::Ended => return Poll::Ready(Ok(None)),
            Source::Local(events) => {
                return Poll::Ready(Ok(ready!(events.as_mut().poll_next(cx))));
            }
            Source::Wire(wire) => ready!(wire.poll_next(cx)),
        };
        if !matches!(result, Ok(Some(_))) {
            *source = Source::Ended;
        }
        Poll::Ready(result)
    }

    /// The messages to send for this stream, each event turned into its
    /// message by `marshal`. A wire stream is read (and each event
    /// re-marshalled) as the messages are taken; its errors end the stream
    /// with an error. Used by the runtime to send an input or output.
    pub fn into_messages(mut self, marshal: Marshaller<T>) -> MessageStream
    where
        T: Send + 'static,
        E: fmt::Display + Send + 'static,
    {
        let source = std::mem::replace(self.source(), Source::Ended);
        Box::pin(Marshalled {
            stream: Self::from_source(source),
            marshal,
        })
    }

    /// `true` once the stream has ended (or was never given events).
    pub fn is_ended(&mut self) -> bool {
        matches!(self.source(), Source::Ended)
    }
}

impl<T, E> Wire<T, E> {
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<T>, EventStreamError<E>>> {
        loop {
            match self.decoder.next_message() {
                Err(e) => return Poll::Ready(Err(EventStreamError::Decode(e))),
                Ok(Some(message)) => match self.read(message) {
                    Ok(Some(event)) => return Poll::Ready(Ok(Some(event))),
                    Ok(None) => continue,
                    Err(e) => return Poll::Ready(Err(e)),
                },
                Ok(None) => {}
            }
            if self.body_done {
                return Poll::Ready(match self.decoder.finish() {
                    Ok(()) => Ok(None),
                    Err(e) => Err(EventStreamError::Decode(e)),
                });
            }
            match ready!(Pin::new(&mut self.body).poll_frame(cx)) {
                None => self.body_done = true,
                Some(Err(e)) => return Poll::Ready(Err(EventStreamError::Transport(e))),
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        self.decoder.push(data);
                    }
                }
            }
        }
    }

    /// One decoded message: an event, nothing (a skipped event or the empty
    /// envelope that ends a signed stream), or the error it carries.
    fn read(&mut self, message: Message) -> Result<Option<T>, EventStreamError<E>> {
        let message = match open_envelope(message)? {
            Some(inner) => inner,
            None => return Ok(None),
        };
        match message.kind().map_err(EventStreamError::Semantic)? {
            EventKind::Error { code, message } => Err(EventStreamError::Unmodeled {
                code: code.to_owned(),
                message: message.map(str::to_owned),
            }),
            EventKind::Event { .. } | EventKind::Exception { .. } => {
                match (self.unmarshal)(&message).map_err(EventStreamError::Deserialize)? {
                    Unmarshalled::Event(event) => Ok(Some(event)),
                    Unmarshalled::Exception(e) => Err(EventStreamError::Modeled(e)),
                    Unmarshalled::Unknown => Ok(None),
                }
            }
        }
    }
}

/// The header a signed envelope carries its signature in (`smithy-client`
/// writes it, this module opens envelopes by it).
pub const CHUNK_SIGNATURE: &str = ":chunk-signature";

/// `message` itself, or the message a signed envelope carries (`None` for
/// the empty envelope that ends a signed stream).
fn open_envelope<E>(message: Message) -> Result<Option<Message>, EventStreamError<E>> {
    if message.header(CHUNK_SIGNATURE).is_none()
        || message.header(super::smithy::MESSAGE_TYPE).is_some()
    {
        return Ok(Some(message));
    }
    if message.payload().is_empty() {
        return Ok(None);
    }
    Message::decode(message.payload())
        .map(Some)
        .map_err(EventStreamError::Decode)
}

impl<T, E> Default for EventStream<T, E> {
    /// A stream with no events.
    fn default() -> Self {
        Self::from_source(Source::Ended)
    }
}

impl<T, E> From<Vec<T>> for EventStream<T, E>
where
    T: Send + 'static,
{
    /// A stream of these events, in order.
    fn from(events: Vec<T>) -> Self {
        Self::new(IterStream {
            events: events.into_iter(),
        })
    }
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origin = match &*self.source.lock().unwrap_or_else(PoisonError::into_inner) {
            Source::Ended => "ended",
            Source::Local(_) => "local",
            Source::Wire(_) => "wire",
        };
        f.debug_struct("EventStream")
            .field("origin", &origin)
            .finish_non_exhaustive()
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<T, EventStreamError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_recv(cx).map(Result::transpose)
    }
}

struct Marshalled<T, E> {
    stream: EventStream<T, E>,
    marshal: Marshaller<T>,
}

impl<T, E: fmt::Display> Stream for Marshalled<T, E> {
    type Item = Result<Message, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        Poll::Ready(match ready!(this.stream.poll_recv(cx)) {
            Ok(None) => None,
            Ok(Some(event)) => Some((this.marshal)(event)),
            Err(e) => Some(Err(e.to_string().into())),
        })
    }
}

struct IterStream<I> {
    events: I,
}

// Never pinned structurally: the iterator is only moved through `&mut`.
impl<I> Unpin for IterStream<I> {}

impl<I: Iterator> Stream for IterStream<I> {
    type Item = I::Item;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
        Poll::Ready(self.events.next())
    }
}

struct ChannelStream<T> {
    rx: tokio::sync::mpsc::Receiver<T>,
}

impl<T> Stream for ChannelStream<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.rx.poll_recv(cx)
    }
}

/// The sending half of [`EventStream::channel`]. Cheap to clone.
pub struct EventSender<T> {
    tx: tokio::sync::mpsc::Sender<T>,
}

impl<T> Clone for EventSender<T> {
    fn clone(&self) -> Self {
        Self {
            tx: self.tx.clone(),
        }
    }
}

impl<T> fmt::Debug for EventSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventSender").finish_non_exhaustive()
    }
}

impl<T> EventSender<T> {
    /// Queues `event`, waiting while the buffer is full. Fails (giving the
    /// event back) when the stream was dropped.
    pub async fn send(&self, event: T) -> Result<(), StreamClosed<T>> {
        self.tx.send(event).await.map_err(|e| StreamClosed(e.0))
    }
}

/// The event an [`EventSender`] could not deliver: its stream is gone.
#[derive(Debug)]
pub struct StreamClosed<T>(pub T);

impl<T> fmt::Display for StreamClosed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the event stream was dropped")
    }
}

impl<T: fmt::Debug> std::error::Error for StreamClosed<T> {}

/// Why an event stream stopped with an error.
#[derive(Debug)]
#[non_exhaustive]
pub enum EventStreamError<E> {
    /// A modeled error of the stream (an `exception` message).
    Modeled(E),
    /// An `error` message: an error the model does not describe.
    Unmodeled {
        /// Its `:error-code`.
        code: String,
        /// Its `:error-message`, if any.
        message: Option<String>,
    },
    /// The bytes are not a well-formed event stream.
    Decode(DecodeError),
    /// A message lacks the headers its kind needs.
    Semantic(SemanticError),
    /// An event's headers or payload do not match the model.
    Deserialize(DeserializeError),
    /// The body failed (connection lost, time limit).
    Transport(BoxError),
}

impl<E: fmt::Display> fmt::Display for EventStreamError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventStreamError::Modeled(e) => write!(f, "the event stream carried an error: {e}"),
            EventStreamError::Unmodeled { code, message } => {
                write!(f, "the event stream carried an error: {code}")?;
                match message {
                    Some(m) => write!(f, ": {m}"),
                    None => Ok(()),
                }
            }
            EventStreamError::Decode(e) => write!(f, "malformed event stream: {e}"),
            EventStreamError::Semantic(e) => write!(f, "malformed event stream: {e}"),
            EventStreamError::Deserialize(e) => write!(f, "malformed event: {e}"),
            EventStreamError::Transport(e) => write!(f, "the event stream's body failed: {e}"),
        }
    }
}

impl<E> std::error::Error for EventStreamError<E>
where
    E: std::error::Error + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EventStreamError::Modeled(e) => Some(e),
            EventStreamError::Unmodeled { .. } => None,
            EventStreamError::Decode(e) => Some(e),
            EventStreamError::Semantic(e) => Some(e),
            EventStreamError::Deserialize(e) => Some(e),
            EventStreamError::Transport(e) => Some(&**e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_stream::Header;

    #[derive(Debug, PartialEq)]
    enum Ev {
        Text(String),
    }

    #[derive(Debug, PartialEq)]
    struct Boom(String);

    impl fmt::Display for Boom {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "boom: {}", self.0)
        }
    }

    fn marshal(e: Ev) -> Result<Message, BoxError> {
        let Ev::Text(t) = e;
        Ok(Message::event("Text", Some("text/plain"), t.into_bytes()))
    }

    fn unmarshal(m: &Message) -> Result<Unmarshalled<Ev, Boom>, DeserializeError> {
        let text = || String::from_utf8_lossy(m.payload()).into_owned();
        Ok(match (m.event_type(), m.exception_type()) {
            (Some("Text"), _) => Unmarshalled::Event(Ev::Text(text())),
            (_, Some("Boom")) => Unmarshalled::Exception(Boom(text())),
            (Some(_), _) => Unmarshalled::Unknown,
            _ => return Err(DeserializeError::new("", "neither")),
        })
    }

    async fn collect(body: Body) -> Bytes {
        body.collect()
            .await
            .map(|c| c.to_bytes())
            .unwrap_or_default()
    }

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
    }

    #[test]
    fn local_events_round_trip_through_a_body() {
        rt().block_on(async {
            let local: EventStream<Ev, Boom> =
                vec![Ev::Text("a".into()), Ev::Text("bc".into())].into();
            let bytes = collect(message_body(local.into_messages(marshal))).await;
            let mut wire = EventStream::<Ev, Boom>::from_body(full_body(bytes), unmarshal);
            assert_eq!(wire.recv().await.ok(), Some(Some(Ev::Text("a".into()))));
            assert_eq!(wire.recv().await.ok(), Some(Some(Ev::Text("bc".into()))));
            assert_eq!(wire.recv().await.ok(), Some(None));
            assert!(wire.is_ended());
        });
    }

    #[test]
    fn unknown_events_are_skipped_and_errors_end_the_stream() {
        rt().block_on(async {
            let mut bytes = Vec::new();
            for m in [
                Message::event("Later", None, Bytes::new()),
                Message::event("Text", None, &b"x"[..]),
                Message::exception("Boom", None, &b"bad"[..]),
                Message::event("Text", None, &b"never"[..]),
            ] {
                m.encode_into(&mut bytes).expect("encode");
            }
            let mut s = EventStream::<Ev, Boom>::from_body(full_body(bytes.into()), unmarshal);
            assert_eq!(s.recv().await.ok(), Some(Some(Ev::Text("x".into()))));
            match s.recv().await {
                Err(EventStreamError::Modeled(Boom(m))) => assert_eq!(m, "bad"),
                other => panic!("{other:?}"),
            }
            assert_eq!(s.recv().await.ok(), Some(None));
        });
    }

    #[test]
    fn error_messages_and_truncated_bodies_are_typed_errors() {
        rt().block_on(async {
            let bytes = Message::error("Throttled", "slow down")
                .encode()
                .expect("encode");
            let mut s = EventStream::<Ev, Boom>::from_body(full_body(bytes), unmarshal);
            match s.recv().await {
                Err(e @ EventStreamError::Unmodeled { .. }) => {
                    assert_eq!(
                        e.to_string(),
                        "the event stream carried an error: Throttled: slow down"
                    )
                }
                other => panic!("{other:?}"),
            }
            let whole = Message::event("Text", None, &b"abc"[..])
                .encode()
                .expect("encode");
            let cut = whole.slice(..whole.len() - 2);
            let mut s = EventStream::<Ev, Boom>::from_body(full_body(cut), unmarshal);
            assert!(matches!(s.recv().await, Err(EventStreamError::Decode(_))));
            assert_eq!(s.recv().await.ok(), Some(None));
        });
    }

    #[test]
    fn signed_envelopes_are_opened() {
        rt().block_on(async {
            let inner = Message::event("Text", None, &b"hi"[..])
                .encode()
                .expect("encode");
            let envelope = |payload: Bytes| {
                Message::from_parts(
                    vec![Header::new(CHUNK_SIGNATURE, Bytes::from_static(&[0u8; 32]))],
                    payload,
                )
            };
            let mut bytes = Vec::new();
            envelope(inner).encode_into(&mut bytes).expect("encode");
            envelope(Bytes::new())
                .encode_into(&mut bytes)
                .expect("encode");
            let mut s = EventStream::<Ev, Boom>::from_body(full_body(bytes.into()), unmarshal);
            assert_eq!(s.recv().await.ok(), Some(Some(Ev::Text("hi".into()))));
            assert_eq!(s.recv().await.ok(), Some(None));
        });
    }

    #[test]
    fn a_channel_delivers_in_order_and_ends_when_senders_drop() {
        rt().block_on(async {
            let (tx, mut s) = EventStream::<Ev, Boom>::channel(1);
            let producer = async move {
                for t in ["1", "2", "3"] {
                    tx.send(Ev::Text(t.into())).await.expect("open");
                }
            };
            let consumer = async {
                let mut got = Vec::new();
                while let Ok(Some(Ev::Text(t))) = s.recv().await {
                    got.push(t);
                }
                got
            };
            let ((), got) = tokio::join!(producer, consumer);
            assert_eq!(got, ["1", "2", "3"]);
        });
    }
}
