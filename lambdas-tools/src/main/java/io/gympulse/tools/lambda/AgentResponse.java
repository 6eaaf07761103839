package io.gympulse.tools.lambda;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer a Bedrock agent expects from an action-group Lambda (function details): the function's
 * text body, and a response state when the agent should ask the member again ({@code REPROMPT}) or the
 * tool failed ({@code FAILURE}). Session attributes are passed back unchanged.
 */
public final class AgentResponse {

  private AgentResponse() {
  }

  public static Map<String, Object> text(AgentRequest request, String body) {
    return build(request, body, null);
  }

  /** The parameters were missing or wrong: the agent should ask the member, told what was wrong. */
  public static Map<String, Object> reprompt(AgentRequest request, String whatIsWrong) {
    return build(request, whatIsWrong, "REPROMPT");
  }

  public static Map<String, Object> failure(AgentRequest request, String what) {
    return build(request, what, "FAILURE");
  }

  /** The request names a function other than the handler's own (an action group wired to the wrong Lambda). */
  public static Map<String, Object> otherFunction(AgentRequest request, ToolFunction own) {
    return failure(request, "This tool answers " + own.name() + " only, not '" + request.function() + "'");
  }

  private static Map<String, Object> build(AgentRequest request, String body, String state) {
    Map<String, Object> functionResponse = new LinkedHashMap<>();
    if (state != null) {
      functionResponse.put("responseState", state);
    }
    functionResponse.put("responseBody", Map.of("TEXT", Map.of("body", body)));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("actionGroup", request.actionGroup());
    response.put("function", request.function());
    response.put("functionResponse", functionResponse);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("messageVersion", "1.0");
    answer.put("response", response);
    answer.put("sessionAttributes", request.sessionAttributes());
    answer.put("promptSessionAttributes", request.promptSessionAttributes());
    return answer;
  }
}
