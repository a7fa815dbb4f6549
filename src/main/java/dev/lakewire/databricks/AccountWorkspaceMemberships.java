package dev.lakewire.databricks;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.iam.ListAccountServicePrincipalsRequest;
import com.databricks.sdk.service.iam.PermissionAssignment;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.WorkspacePermission;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.WorkspaceMemberships;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * lakewire's own service principal joins workspaces through the Databricks account API
 * (databricks-sdk-java {@code AccountClient}):
 *
 * <ol>
 *   <li>its account-level id, found once by application id: {@code GET
 *       /api/2.0/accounts/{account_id}/scim/v2/ServicePrincipals?filter=applicationId eq "<client
 *       id>"} ({@code AccountServicePrincipalsImpl})
 *   <li>the workspace's assignments: {@code GET
 *       /api/2.0/accounts/{account_id}/workspaces/{workspace_id}/permissionassignments} ({@code
 *       WorkspaceAssignmentImpl})
 *   <li>when it is not among them: {@code PUT .../permissionassignments/principals/{principal_id}}
 *       with {@code {"permissions": ["USER"]}}
 * </ol>
 *
 * <p>Why {@link WorkspacePermission#USER} and not {@code ADMIN}: the workspace-level calls lakewire
 * makes are Unity Catalog calls (current metastore assignment, storage credentials, external
 * locations), authorized by Unity Catalog privileges on the metastore ({@code CREATE STORAGE
 * CREDENTIAL}, {@code CREATE EXTERNAL LOCATION}, or metastore admin), not by workspace admin
 * rights; membership is only what lets the principal call the workspace at all. A principal that is
 * already a member with any permission is left alone (never downgraded).
 *
 * <p>The workspace must be identity-federated, which it is once a Unity Catalog metastore is
 * assigned: call this after the metastore assignment.
 */
public final class AccountWorkspaceMemberships implements WorkspaceMemberships {

  private final AccountClient account;
  private final String accountId;
  private final Supplier<String> applicationId;
  private final Map<String, Long> principalIds = new ConcurrentHashMap<>();

  /**
   * @param account the account client
   * @param applicationId lakewire's own application (client) id, read when first needed
   */
  public AccountWorkspaceMemberships(AccountClient account, Supplier<String> applicationId) {
    this.account = Objects.requireNonNull(account, "account");
    this.accountId = account.config().getAccountId();
    this.applicationId = Objects.requireNonNull(applicationId, "applicationId");
  }

  @Override
  public Optional<Workspace> fetch(Workspace workspace) {
    long workspaceId = AccountFailures.workspaceId(workspace);
    long principalId = ownPrincipalId();
    try {
      for (PermissionAssignment a : account.workspaceAssignment().list(workspaceId)) {
        if (a.getPrincipal() != null
            && Objects.equals(a.getPrincipal().getPrincipalId(), principalId)
            && a.getPermissions() != null
            && !a.getPermissions().isEmpty()) {
          return Optional.of(workspace);
        }
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      throw AccountFailures.classify(describe(workspace), accountId, e);
    }
  }

  @Override
  public Workspace create(Workspace workspace) {
    try {
      account
          .workspaceAssignment()
          .update(
              new UpdateWorkspaceAssignments()
                  .setWorkspaceId(AccountFailures.workspaceId(workspace))
                  .setPrincipalId(ownPrincipalId())
                  .setPermissions(List.of(WorkspacePermission.USER)));
      return workspace;
    } catch (RuntimeException e) {
      throw AccountFailures.classify(describe(workspace), accountId, e);
    }
  }

  /** The account-level id of lakewire's service principal (cached; it never changes). */
  private long ownPrincipalId() {
    String appId = applicationId.get();
    return principalIds.computeIfAbsent(appId, this::lookUp);
  }

  private long lookUp(String appId) {
    Iterable<ServicePrincipal> found;
    try {
      found =
          account
              .servicePrincipals()
              .list(
                  new ListAccountServicePrincipalsRequest()
                      .setFilter("applicationId eq \"" + appId + "\""));
      for (ServicePrincipal sp : found) {
        if (appId.equalsIgnoreCase(sp.getApplicationId()) && sp.getId() != null) {
          return Long.parseLong(sp.getId());
        }
      }
    } catch (RuntimeException e) {
      throw AccountFailures.classify(
          "find lakewire's service principal (application id " + appId + ") in the account",
          accountId,
          e);
    }
    throw new CloudFailure.Permanent(
        "lakewire's service principal (application id "
            + appId
            + ") is not in Databricks account "
            + accountId
            + "; add it to the account as an account admin (docs/deploy.md)",
        null);
  }
}
