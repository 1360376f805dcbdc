package dev.duplex.spring.dispatch;

/**
 * A {@code @WsError} method and the exception type it handles.
 *
 * @param handles the type of the method's exception parameter
 */
record ErrorHandler(Class<? extends Throwable> handles, InvocableHandler method) {
}
