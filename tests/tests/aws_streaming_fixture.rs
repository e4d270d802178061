//! The vendored Transcribe Streaming fixture (an AWS model with event streams
//! both ways): its generated client and generated server over TCP on
//! 127.0.0.1. The client signs its request (`STREAMING-AWS4-HMAC-SHA256-EVENTS`)
//! and every audio event; the server reads the audio events (binary
//! `@eventPayload`), answers one transcript event per chunk and ends the
//! stream with a modeled exception when asked to.

use aws_fixture_transcribe_streaming::operation::start_stream_transcription::StartStreamTranscriptionOutput;
use aws_fixture_transcribe_streaming::server::TranscribeStreamingService;
use aws_fixture_transcribe_streaming::types::error::{
    BadRequestException, TranscriptResultStreamError,
};
use aws_fixture_transcribe_streaming::types::{
    Alternative, AudioEvent, AudioStream, MediaEncoding, Result as TranscriptResult, Transcript,
    TranscriptEvent, TranscriptResultStream,
};
use aws_fixture_transcribe_streaming::{Client, Config, EventStream, EventStreamError};

fn transcript(text: String) -> TranscriptResultStream {
    let alternative = Alternative::builder().transcript(text).build();
    let result = TranscriptResult::builder()
        .alternatives(alternative)
        .build();
    TranscriptResultStream::TranscriptEvent(
        TranscriptEvent::builder()
            .transcript(Transcript::builder().results(result).build())
            .build(),
    )
}

fn text(event: &TranscriptResultStream) -> Option<String> {
    let TranscriptResultStream::TranscriptEvent(e) = event else {
        return None;
    };
    e.transcript.as_ref()?.results.as_ref()?[0]
        .alternatives
        .as_ref()?[0]
        .transcript
        .clone()
}

async fn start_server() -> String {
    let service = TranscribeStreamingService::builder(())
        .start_stream_transcription(|_, mut input| async move {
            let mut answers = Vec::new();
            let mut fail = false;
            while let Ok(Some(event)) = input.audio_stream.recv().await {
                if let AudioStream::AudioEvent(audio) = event {
                    let chunk = audio.audio_chunk.unwrap_or_default();
                    if chunk == b"fail" {
                        fail = true;
                        break;
                    }
                    answers.push(transcript(format!(
                        "{} bytes at {} Hz",
                        chunk.len(),
                        input.media_sample_rate_hertz
                    )));
                }
            }
            if fail {
                answers.push(TranscriptResultStream::BadRequestException(
                    BadRequestException::builder().message("bad audio").build(),
                ));
            }
            Ok(StartStreamTranscriptionOutput::builder()
                .session_id("session-1")
                .transcript_result_stream(answers)
                .build())
        })
        .build_unchecked()
        .into_service();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(smithy_server::serve(listener, service));
    url
}

fn client(url: &str) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .static_credentials("AKID", "SECRET", None)
            .endpoint_url(url)
            .build(),
    )
}

fn audio(bytes: &[u8]) -> AudioStream {
    AudioStream::AudioEvent(AudioEvent::builder().audio_chunk(bytes.to_vec()).build())
}

#[tokio::test]
async fn audio_chunks_go_out_signed_and_transcripts_come_back_as_events() {
    let url = start_server().await;
    let (sender, stream) = EventStream::channel(2);
    let producer = async move {
        for chunk in [&b"abc"[..], &[0u8; 3200][..]] {
            sender.send(audio(chunk)).await.expect("the stream is open");
        }
    };
    let call = client(&url)
        .start_stream_transcription()
        .media_sample_rate_hertz(16000)
        .media_encoding(MediaEncoding::Pcm)
        .audio_stream(stream)
        .send();
    let ((), output) = tokio::join!(producer, call);
    let mut output = output.expect("the call succeeds");
    assert_eq!(output.session_id.as_deref(), Some("session-1"));
    let mut got = Vec::new();
    while let Some(event) = output
        .transcript_result_stream
        .recv()
        .await
        .expect("no error")
    {
        got.push(text(&event).expect("a transcript"));
    }
    assert_eq!(got, ["3 bytes at 16000 Hz", "3200 bytes at 16000 Hz"]);
}

#[tokio::test]
async fn a_modeled_exception_in_the_output_stream_arrives_typed() {
    let url = start_server().await;
    let events = vec![audio(b"ok"), audio(b"fail")];
    let mut output = client(&url)
        .start_stream_transcription()
        .media_sample_rate_hertz(8000)
        .media_encoding(MediaEncoding::Pcm)
        .audio_stream(events)
        .send()
        .await
        .expect("the call succeeds");
    let first = output.transcript_result_stream.recv().await.expect("event");
    assert_eq!(
        first.as_ref().and_then(text).as_deref(),
        Some("2 bytes at 8000 Hz")
    );
    match output.transcript_result_stream.recv().await {
        Err(EventStreamError::Modeled(TranscriptResultStreamError::BadRequestException(e))) => {
            assert_eq!(e.message.as_deref(), Some("bad audio"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        output.transcript_result_stream.recv().await.ok(),
        Some(None)
    );
}
